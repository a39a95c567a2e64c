using Slipway.Core.Config;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;
using Slipway.Core.Services;
using Slipway.Server.Agents;
using Slipway.Server.FrontDoor;
using Slipway.Server.State;

namespace Slipway.Server.Api;

/// <summary>Builds API views from the projection. Called inside a journal read, so the view is consistent.</summary>
internal static class Views
{
    public static ServiceSummary Summary(SlipwayState state, ServiceView s, FrontDoorManager doors)
    {
        var fleet = state.Fleet.ForService(s.Name).ToList();
        return new ServiceSummary(
            s.Name,
            s.Repository,
            s.Branch,
            $"http://127.0.0.1:{doors.PortOf(s.Name) ?? s.FrontDoorPort}/",
            s.Paused,
            s.ProductionVersion,
            fleet.Count,
            fleet.GroupBy(i => i.Version).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            s.ActiveRolloutId,
            [.. s.RolledBackVersions],
            doors.FailureOf(s.Name));
    }

    public static IReadOnlyList<InstanceView> Fleet(SlipwayState state, string service, AgentHub agents) =>
        state.Fleet.ForService(service)
            .OrderBy(i => i.Id, StringComparer.Ordinal)
            .Select(i =>
            {
                var status = agents.Status(i.Id);
                return new InstanceView(i.Id, i.Version, i.Host, state.Fleet.IsRouted(i.Id), status?.State ?? "pending", status?.Port, status?.Pid, status?.Restarts ?? 0, status?.LastExitCode, Agent.Protocol.OutputTail.Bound(status?.OutputTail));
            })
            .ToList();

    public static RunSummary Run(RunView r) => new(
        r.RunId,
        r.Commit,
        Triggers.ToWire(r.Trigger),
        r.Status.ToWire(),
        r.Failure?.Step,
        r.Failure?.Message,
        r.ArtifactDigest,
        r.StartedAt is { } s && r.FinishedAt is { } f ? (f - s).TotalSeconds : null,
        r.Status == RunStatus.Running ? CurrentStep(r) : null,
        r.Failure?.FailedTests?.Select(t => new FailedTestView(t.Test, t.Message)).ToList(),
        r.StartedAt is { } started ? Math.Round((started - r.QueuedAt).TotalSeconds, 2) : null);

    /// <summary>The step under way: the one after the last completed, in the pipeline's order.</summary>
    private static string CurrentStep(RunView r)
    {
        if (r.Steps.Count == 0)
        {
            return "checkout";
        }

        var last = r.Steps[^1].Step;
        return last switch
        {
            "checkout" => "config",
            "config" => "build",
            _ when last.StartsWith("build", StringComparison.Ordinal) => "build or test",
            "test:command" => "test",
            _ when last.StartsWith("test", StringComparison.Ordinal) => "package",
            _ => "package",
        };
    }

    public static RunDetail RunDetail(RunView r) => new(
        Run(r),
        r.Steps.Select(s => new StepView(s.Step, s.Succeeded, s.ExitCode, s.Seconds, s.LogTail)).ToList(),
        r.Failure?.LogTail);

    public static RolloutSummary Rollout(RolloutView v, Rollouts.BakeBoard? bakes = null)
    {
        var s = v.State;
        var output = s.RollbackReason == "selftest"
            ? v.Timeline.Select(t => t.Event).OfType<SelfTestFailed>().LastOrDefault(f => f.Output is not null && !s.IsBaseline(f.InstanceId))?.Output
            : null;
        return new RolloutSummary(
            s.RolloutId,
            s.Version,
            s.Started.PreviousVersion,
            Triggers.ToWire(s.Started.Trigger),
            Outcome(s.Outcome),
            s.RollbackReason,
            s.RollbackSummary,
            s.Waves,
            s.Started.Instances,
            s.CurrentWave,
            v.FinishedAt is { } f ? (f - v.StartedAt).TotalSeconds : null,
            RolloutStep(s),
            output,
            s.IsFinished ? null : bakes?.View(s.RolloutId),
            WaitingForData(v));
    }

    /// <summary>
    /// How long the rollout's bakes ran past their bake time, waiting for enough data for a verdict: for each baked wave,
    /// from the moment it was routed to its verdict, less <c>bake</c>. Null when the journaled config does not parse.
    /// </summary>
    internal static double? WaitingForData(RolloutView v)
    {
        if (SlipwayConfigParser.Parse(v.State.Started.ConfigYaml).Config is not { } config)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        for (var i = 0; i < v.Timeline.Count; i++)
        {
            if (v.Timeline[i].Event is not WaveBaked baked)
            {
                continue;
            }

            var wave = v.State.WaveInstances(baked.Wave);
            for (var j = i - 1; j >= 0; j--)
            {
                if (v.Timeline[j].Event is InstancesRouted routed && routed.InstanceIds.Any(wave.Contains))
                {
                    var extra = v.Timeline[i].At - v.Timeline[j].At - config.Bake;
                    total += extra > TimeSpan.Zero ? extra : TimeSpan.Zero;
                    break;
                }
            }
        }

        return Math.Round(total.TotalSeconds, 2);
    }

    /// <summary>The rollout outcome words: in_progress, rolling_back, promoted, rolled_back.</summary>
    public static string Outcome(RolloutOutcome outcome) => outcome switch
    {
        RolloutOutcome.Promoted => "promoted",
        RolloutOutcome.RolledBack => "rolled_back",
        RolloutOutcome.RollingBack => "rolling_back",
        _ => "in_progress",
    };

    /// <summary>The service's releases, runs and rollouts, newest first, at most <paramref name="limit"/>.</summary>
    public static ServiceHistory History(SlipwayState state, ServiceView service, int limit)
    {
        var releases = service.Lifecycle.Releases.Values.Select(r => new HistoryEntry(
            r.BuiltAt, "release", r.Id, r.Version, null, r.State.ToWire(), null, $"built by {r.RunId}, sha256:{r.ArtifactDigest[..Math.Min(12, r.ArtifactDigest.Length)]}"));
        var runs = service.RunIds.Select(id => state.Runs[id]).Select(r => new HistoryEntry(
            r.QueuedAt, "run", r.RunId, r.Commit, Triggers.ToWire(r.Trigger), r.Status.ToWire(), service.Lifecycle.Run(r.RunId)?.By,
            r.Failure is { } f ? $"failed at {f.Step}: {f.Message}" : null));
        var rollouts = service.RolloutIds.Select(id => state.Rollouts[id]).Select(v => new HistoryEntry(
            v.StartedAt, "rollout", v.State.RolloutId, v.State.Version, Triggers.ToWire(v.State.Started.Trigger), Outcome(v.State.Outcome), null,
            v.State.RollbackReason is { } reason ? $"{reason}: {v.State.RollbackSummary}" : $"waves of {string.Join(", ", v.State.Waves)} instance(s)"));
        var entries = releases.Concat(runs).Concat(rollouts)
            .OrderByDescending(e => e.At)
            .ThenByDescending(e => e.Kind, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return new ServiceHistory(service.Name, entries);
    }

    /// <summary>The step under way, e.g. "wave 2/3: bake", "rolling back"; null once finished.</summary>
    private static string? RolloutStep(RolloutState s)
    {
        if (s.IsFinished)
        {
            return null;
        }

        if (s.Outcome == RolloutOutcome.RollingBack || s.RollbackReason is not null)
        {
            return "rolling back";
        }

        var wave = $"wave {Math.Min(s.CurrentWave + 1, s.Waves.Count)}/{s.Waves.Count}";
        return s.Phase switch
        {
            WavePhase.NotStarted => $"{wave}: starting",
            WavePhase.Started => $"{wave}: self-test",
            WavePhase.Routed => $"{wave}: bake",
            _ => $"{wave}: retiring old instances",
        };
    }

    public static RolloutDetail RolloutDetail(RolloutView v, Rollouts.BakeBoard? bakes = null) => new(
        Rollout(v, bakes),
        v.Timeline.Select(t => new TimelineEntry(t.At, Journal.EventTypes.NameOf(t.Event), Describe(t.Event, v.State.Waves), t.Event)).ToList());

    /// <summary>
    /// One readable line per event: the timeline the CLI, the console and the demo print. Waves are numbered from 1
    /// and their sizes are said as sizes: "in waves of 1, 2, 4 instance(s)", then "wave 3 of 3 (4 instance(s))".
    /// </summary>
    /// <param name="waves">The rollout's wave sizes, when known, so that a wave says "of N".</param>
    public static string Describe(SlipwayEvent e, IReadOnlyList<int>? waves = null) => e switch
    {
        ServiceRegistered r => $"service {r.Service} registered: {r.Repository} ({r.Branch}), front door port {r.FrontDoorPort}",
        CommitDetected c => $"commit {Short(c.Commit)} detected: {c.Message}",
        PipelineQueued q => $"run {q.RunId} queued for {Short(q.Commit)} ({Triggers.ToWire(q.Trigger)})",
        PipelineSuperseded s => $"run {s.RunId} superseded by {Short(s.SupersededBy)}",
        PipelineStarted s => $"run {s.RunId} started",
        PipelineStepCompleted s => $"  {s.Step}: {(s.Succeeded ? "ok" : $"FAILED (exit {s.ExitCode})")} in {s.Seconds:0.0} s",
        PipelineSucceeded s => $"run {s.RunId} packaged sha256:{s.ArtifactDigest[..12]} ({s.ArtifactBytes / 1024.0:0} KiB)",
        PipelineFailed f => $"run {f.RunId} failed at {f.Step}: {f.Message}"
            + string.Concat((f.FailedTests ?? []).Select(t => $"\n    FAILED {t.Test}" + string.Concat(t.Message.Split('\n').Select(l => $"\n      {l}")))),
        RolloutStarted r => $"rollout {r.RolloutId}: {Short(r.Version)} to {r.Instances} instance(s) in {r.Waves.Count} wave(s) of {string.Join(", ", r.Waves)} instance(s)" + (r.PreviousVersion is { } p ? $", replacing {Short(p)}" : string.Empty),
        WaveStarted w => $"  wave {w.Wave + 1}{(waves is null ? string.Empty : $" of {waves.Count}")} ({w.InstanceIds.Count} instance(s)): starting {string.Join(", ", w.InstanceIds)}",
        SelfTestPassed p => $"  self-test passed on {p.InstanceId} in {p.Seconds:0.00} s",
        SelfTestFailed f => $"  self-test FAILED on {f.InstanceId} after {f.Seconds:0.00} s: {f.Reason}" + (f.Body.Length > 0 ? $" — {Compact(f.Body)}" : string.Empty)
            + (f.Output is null ? string.Empty : string.Concat(f.Output.Split('\n').Select(l => $"\n    | {l}"))),
        WaveBaked b => $"  wave {b.Wave + 1} baked: {b.Verdict} — {b.Summary}",
        WaveCompleted c => $"  wave {c.Wave + 1} done" + (c.RetiredInstanceIds.Count > 0 ? $", retired {string.Join(", ", c.RetiredInstanceIds)}" : string.Empty),
        RolloutPromoted p => $"rollout {p.RolloutId}: {Short(p.Version)} PROMOTED",
        RollbackRequested r => $"rollback requested ({r.Reason}): {r.Summary}",
        RollbackStarted r => $"rolling back ({r.Reason})" + (r.ReplacementInstanceIds.Count > 0 ? $", restoring {r.ReplacementInstanceIds.Count} old instance(s)" : string.Empty),
        RolloutRolledBack r => $"rollout {r.RolloutId}: {Short(r.Version)} ROLLED BACK ({r.Reason})",
        InstancesAdded a => $"  desired: +{a.Instances.Count} instance(s)",
        InstancesRouted r => $"  routed: {string.Join(", ", r.InstanceIds)}",
        InstancesUnrouted u => $"  unrouted: {string.Join(", ", u.InstanceIds)}",
        InstancesRemoved r => $"  stopping: {string.Join(", ", r.InstanceIds)}",
        WatchStarted w => $"watch window started for {Short(w.Version)}: compared with the previous release's behaviour at the last bake",
        WatchPassed w => $"watch window passed for {Short(w.Version)}: {w.Summary}",
        WatchFailed w => $"watch window FAILED for {Short(w.Version)}: {w.Summary}; redeploying the previous release",
        TestProgressReported t => $"    shard {t.Shard}/{t.ShardCount}: {t.Passed}/{t.Total} passed" + (t.Failed > 0 ? $", {t.Failed} failed" : string.Empty) + $" (seed {t.Seed})",
        TestStageCompleted t => $"  tests: {t.Outcome}, {t.Passed}/{t.Total} passed (seed {t.Seed}, {t.ShardCount} shard(s))"
            + (t.FailFast?.Summary is { } fast ? $"\n    fail fast: {fast}" : string.Empty)
            + string.Concat(t.Triage.Select(v => $"\n    {v.Kind.Replace('_', '-')}: {v.Explanation}" + (v.Repro is null ? string.Empty : $"\n    repro: {v.Repro}"))),
        TestReleasedFromQuarantine q => $"test {q.Test} released from quarantine by {q.By}",
        ServicePaused p => $"service paused by {p.By}" + (p.Reason is null ? string.Empty : $": {p.Reason}"),
        ServiceResumed r => $"service resumed by {r.By}" + (r.Reason is null ? string.Empty : $": {r.Reason}"),
        FlagsChanged f => $"flags {f.Action} by {f.By}: {string.Join(", ", f.Flags.Select(x => x.Key))} ({f.Environment})" + (f.Reason is null ? string.Empty : $": {f.Reason}"),
        DeployRequested d => $"deploy of {Short(d.Version)} requested by {d.By} ({Triggers.ToWire(d.Trigger)}): {d.Reason}",
        DeploySkipped d => $"deploy of {Short(d.Version)} skipped: {d.Reason}",
        MigrationGateChecked g => $"  migration gate: {g.Pending.Count} pending, {(g.Blocked ? $"BLOCKED by {string.Join(", ", g.Findings.Where(f => f.AcknowledgedReason is null).Select(f => $"{f.Rule} at {f.File}:{f.Line}").Distinct())}" : "passed")}",
        MigrationApplied a => $"  migration {a.File} applied ({a.Phase}) in {a.Seconds:0.00} s",
        ContractMigrationsWaiting w => $"  contract migration(s) {string.Join(", ", w.Contracts.Select(c => c.File))} wait until {Short(w.Commit)} is promoted and its watch window has passed",
        ContractMigrationFailed f => $"contract migration {f.File} FAILED: {f.Message}",
        ContractMigrationAcknowledged a => $"contract migration {a.File} acknowledged by {a.By}: {a.Reason}",
        GuardedRolloutStarted g => $"guarded rollout of flag {g.Key} started by {g.By} ({g.Environment}): {g.Variant} through {string.Join(", ", g.Steps.Select(p => p + "%"))}, each step at least {g.MinStepSeconds:0.#} s",
        GuardedStepStarted g => $"  flag {g.Key}: step {g.Step + 1} at {g.Percent}%",
        GuardedStepJudged g => $"  flag {g.Key} at {g.Percent}%: {g.Summary}",
        GuardedRolloutEnded g => g.Summary,
        _ => Journal.EventTypes.NameOf(e),
    };

    private static string Short(string version) => version.Length > 7 ? version[..7] : version;

    private static string Compact(string body)
    {
        var oneLine = body.ReplaceLineEndings(" ");
        return oneLine.Length > 200 ? oneLine[..200] + "…" : oneLine;
    }
}
