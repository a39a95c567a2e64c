using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Slipway.Core.Journal;
using Slipway.Core.Judge;
using Slipway.Server.Api;
using Slipway.Server.Immune;
using Slipway.Server.Journal;

namespace Slipway.Server.Flags;

/// <summary>
/// Runs guarded flag rollouts: sets each step's percentage, has the cohort judge look at the flag-on against the flag-off
/// cohort once per <see cref="LookInterval"/>, moves on when it promotes, and on a regression sets the flag back to its
/// last safe state. Every step and verdict is journaled first and acted on after, so after a restart the journal says
/// what is left to do (set the next step, or restore the flag); a step under way is judged again from the restart on.
/// </summary>
internal sealed partial class GuardedRolloutDriver(EventJournal journal, FlagService flags, CohortBoard cohorts, TimeProvider time, ILogger<GuardedRolloutDriver> logger)
{
    /// <summary>Who the journal says changed the flag when the driver does.</summary>
    public const string Actor = "immune system";

    public const int MaxSteps = 20;

    public const int MaxGoals = 8;

    public static readonly TimeSpan MaxMinStep = TimeSpan.FromHours(24);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<(FlagScope Scope, string Key), (int Step, CohortStep Look)> _looks = new();
    private readonly ConcurrentDictionary<(FlagScope Scope, string Key), string> _progress = new();

    public TimeSpan LookInterval { get; init; } = TimeSpan.FromSeconds(1);

    public JudgeOptions Options { get; init; } = JudgeOptions.Default;

    /// <summary>The judge's latest look at the step under way, if any.</summary>
    public string? Progress(FlagScope scope, string key) => _progress.GetValueOrDefault((scope, key));

    public GuardedRolloutView? View(FlagScope scope, string key) =>
        journal.Read(s => s.Flags.Find(scope)?.Guarded.GetValueOrDefault(key)?.View(Progress(scope, key)));

    public IReadOnlyList<GuardedRolloutView> Views(string service) =>
        journal.Read(s => s.Flags.Sets.Where(set => set.Scope.Service == service)
            .SelectMany(set => set.Guarded.Values.Select(g => g.View(Progress(set.Scope, g.Started.Key))))
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .ToList());

    /// <summary>Checks the request, journals the start and sets the first step. 4xx problems for a bad request or a busy flag.</summary>
    public async Task<GuardedRolloutView> StartAsync(FlagScope scope, string key, GuardedRolloutRequest request, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var steps = request.Steps ?? throw new SlipwayProblemException(400, "Missing steps", "Send {\"steps\": [1, 5, 25, 50, 100]}: rising percentages from 1 to 100.");
        if (steps.Count is 0 or > MaxSteps)
        {
            throw new SlipwayProblemException(400, "Invalid steps", $"steps holds 1 to {MaxSteps} percentages, not {steps.Count}.");
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is < 1 or > 100 || (i > 0 && steps[i] <= steps[i - 1]))
            {
                throw new SlipwayProblemException(400, "Invalid steps", $"steps must rise from 1 to 100 (each larger than the one before); step {i + 1} is {steps[i]}.");
            }
        }

        var minStep = request.MinStepSeconds ?? 30;
        if (!double.IsFinite(minStep) || minStep < 1 || minStep > MaxMinStep.TotalSeconds)
        {
            throw new SlipwayProblemException(400, "Invalid minimum step", $"minStepSeconds must be from 1 to {MaxMinStep.TotalSeconds:0}.");
        }

        var goals = request.Goals ?? [];
        if (goals.Count > MaxGoals)
        {
            throw new SlipwayProblemException(400, "Too many goals", $"At most {MaxGoals} goals, not {goals.Count}.");
        }

        var declared = new List<GuardedGoal>();
        foreach (var goal in goals)
        {
            if (goal?.Name is not { Length: > 0 and <= ApiLimits.MaxNameLength } name)
            {
                throw new SlipwayProblemException(400, "Invalid goal", $"Each goal has a name of 1 to {ApiLimits.MaxNameLength} characters.");
            }

            if (goal.MaxDrop is not { } drop || !double.IsFinite(drop) || drop <= 0 || drop >= 1)
            {
                throw new SlipwayProblemException(400, "Invalid goal", $"Goal '{name}': maxDrop is the largest allowed relative drop, a fraction between 0 and 1 (0.02 = 2%).");
            }

            declared.Add(new GuardedGoal(name, drop));
        }

        ApiLimits.Length(request.Variant, ApiLimits.MaxNameLength, "variant");
        await _gate.WaitAsync(ct);
        try
        {
            var flag = flags.Get(scope, key);
            var variant = PercentageRollout.Variant(flag, request.Variant);
            // Fails with the rollout's own 4xx (several splits, rules without a split) before anything is journaled.
            _ = flags.ProposedRollout(scope, key, steps[0], variant);
            if (journal.Read(s => s.Flags.Find(scope)?.Guarded.GetValueOrDefault(key)) is { Active: true } running)
            {
                throw new SlipwayProblemException(409, "Guarded rollout under way", $"Flag '{key}' is in a guarded rollout (step {running.Step + 1} of {running.Started.Steps.Count}, {running.Percent}%); wait for it to end.");
            }

            await journal.AppendAsync(new GuardedRolloutStarted(scope.Service, scope.Environment, key, variant, [.. steps], minStep, declared, FlagDocumentJson.Compact(flag.Json), by), ct);
            LogStarted(logger, key, scope.ToString(), string.Join(",", steps), by);
            await AdvanceAsync(scope, key, ct);
        }
        finally
        {
            _gate.Release();
        }

        return View(scope, key)!;
    }

    /// <summary>Looks at every guarded rollout under way once per <see cref="LookInterval"/>, until stopped.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await LookOnceAsync(ct);
                await Task.Delay(LookInterval, time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLookFailed(logger, ex);
                await Task.Delay(LookInterval, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One look at every guarded rollout under way (and the finishing of any a restart interrupted).</summary>
    public async Task LookOnceAsync(CancellationToken ct)
    {
        var active = journal.Read(s => s.Flags.ActiveGuarded().Select(a => (a.Scope, a.Rollout.Started.Key)).ToList());
        foreach (var (scope, key) in active)
        {
            await _gate.WaitAsync(ct);
            try
            {
                await AdvanceAsync(scope, key, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One rollout's failure (a journal write, a flag that cannot be rewritten) does not hold up the others.
                LogRolloutFailed(logger, ex, key, scope.ToString());
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Does what the journal says is next for one rollout; under <see cref="_gate"/>. Each branch is safe to repeat.</summary>
    private async Task AdvanceAsync(FlagScope scope, string key, CancellationToken ct)
    {
        for (var guard = 0; guard < 4; guard++)
        {
            var r = journal.Read(s => s.Flags.Find(scope)?.Guarded.GetValueOrDefault(key) is { Active: true } g
                ? new Snapshot(g.Started, g.Phase, g.Step, g.Percent, g.LastSafePercent, g.LastVerdict, g.ChangedBy)
                : null);
            if (r is null)
            {
                _looks.TryRemove((scope, key), out _);
                _progress.TryRemove((scope, key), out _);
                return;
            }

            if (r.ChangedBy is { } person)
            {
                // Someone changed (or deleted) the flag by hand: theirs is the last word, and the rollout stops where it was.
                await journal.AppendAsync(new GuardedRolloutEnded(scope.Service, scope.Environment, key, "stopped", r.Percent, $"flag {key} guarded rollout stopped at {r.Percent}%: the flag was changed by {person} during it, and that change stands"), ct);
                continue;
            }

            switch (r.Phase)
            {
                case GuardedPhase.Advancing:
                    await NextStepAsync(scope, key, r, ct);
                    break;
                case GuardedPhase.Restoring:
                    await RestoreAsync(scope, key, r, ct);
                    return;
                default:
                    if (!await JudgeAsync(scope, key, r, ct))
                    {
                        return;
                    }

                    break;
            }
        }
    }

    private async Task NextStepAsync(FlagScope scope, string key, Snapshot r, CancellationToken ct)
    {
        var steps = r.Started.Steps;
        var next = r.Step + 1;
        if (next >= steps.Count)
        {
            await journal.AppendAsync(new GuardedRolloutEnded(scope.Service, scope.Environment, key, "completed", r.Percent, $"flag {key} guarded rollout completed at {r.Percent}%: {r.LastVerdict}"), ct);
            return;
        }

        var percent = steps[next];
        await flags.RolloutAsync(scope, key, percent, r.Started.Variant, Actor, $"guarded rollout step {next + 1} of {steps.Count}", ct);
        var started = new GuardedStepStarted(scope.Service, scope.Environment, key, next, percent);
        LogStep(logger, key, next + 1, steps.Count, percent);
        if (percent == 100)
        {
            // At 100% nobody is left in the flag-off cohort to compare with: the step is set and the rollout ends.
            var line = r.LastVerdict is { } last
                ? $"flag {key} guarded rollout completed at 100%: the {r.Percent}% step {last}"
                : $"flag {key} guarded rollout completed at 100%";
            await journal.AppendAsync([started, new GuardedRolloutEnded(scope.Service, scope.Environment, key, "completed", 100, line)], ct);
            return;
        }

        await journal.AppendAsync(started, ct);
    }

    /// <summary>One look at the step under way. True when the judge decided (the caller goes on to the next phase).</summary>
    private async Task<bool> JudgeAsync(FlagScope scope, string key, Snapshot r, CancellationToken ct)
    {
        var id = (scope, key);
        var (onNow, offNow) = cohorts.Cohorts(scope, key, r.Started.Variant);
        if (!_looks.TryGetValue(id, out var look) || look.Step != r.Step)
        {
            // A new step, or the first look after a restart: the step is judged on what is served from now on.
            var checks = CohortChecks.For(r.Started.Goals.Select(g => KeyValuePair.Create(g.Name, g.MaxDrop)));
            look = (r.Step, new CohortStep(time, onNow, offNow, TimeSpan.FromSeconds(r.Started.MinStepSeconds), checks));
            _looks[id] = look;
        }

        var input = look.Look.Look(onNow, offNow);
        var judge = new CohortJudge(Options);
        var verdict = judge.Evaluate(input);
        var gate = BakeGate.Decide(verdict, input.MinStep, Options);
        var at = $"step {r.Step + 1} of {r.Started.Steps.Count} ({r.Percent}%)";
        if (gate.Action == GateAction.KeepBaking)
        {
            _progress[id] = $"{at}: {gate.Reason}";
            return false;
        }

        var evidence = Evidence(gate, verdict, input, r);
        _looks.TryRemove(id, out _);
        _progress.TryRemove(id, out _);
        LogVerdict(logger, key, r.Percent, gate.Reason);
        switch (gate.Action)
        {
            case GateAction.Promote:
                await journal.AppendAsync(new GuardedStepJudged(scope.Service, scope.Environment, key, r.Step, r.Percent, "promote", gate.Reason, evidence), ct);
                return true;
            case GateAction.Rollback:
                await journal.AppendAsync(new GuardedStepJudged(scope.Service, scope.Environment, key, r.Step, r.Percent, "rollback", gate.Reason, evidence), ct);
                return true;
            default:
                // The not-enough-data policy 'fail': hold the flag where it is for a person.
                await journal.AppendAsync(
                    [
                        new GuardedStepJudged(scope.Service, scope.Environment, key, r.Step, r.Percent, "stop", gate.Reason, evidence),
                        new GuardedRolloutEnded(scope.Service, scope.Environment, key, "stopped", r.Percent, $"flag {key} stopped at {r.Percent}%: {gate.Reason}"),
                    ],
                    ct);
                return false;
        }
    }

    /// <summary>Sets the flag back to its last safe state: the last promoted step's percentage, or the definition it had before the rollout.</summary>
    private async Task RestoreAsync(FlagScope scope, string key, Snapshot r, CancellationToken ct)
    {
        if (r.LastSafePercent is { } safe)
        {
            await flags.RolloutAsync(scope, key, safe, r.Started.Variant, Actor, $"guarded rollout rolled back at {r.Percent}%", ct);
        }
        else
        {
            using var before = JsonDocument.Parse(r.Started.FlagBefore);
            await flags.SetAsync(scope, key, before.RootElement.Clone(), SetMode.Upsert, Actor, "update", ct);
        }

        await journal.AppendAsync(new GuardedRolloutEnded(scope.Service, scope.Environment, key, "rolled_back", r.Percent, KillSwitchLine(key, r.Percent, r.LastVerdict)), ct);
    }

    /// <summary><c>flag new-checkout rolled back at 25%: error ratio 4.9% vs 0.2% (+4.7 pp &gt; 1 pp), … p&lt;0.001 after 12.0 s, 1,310 vs 3,920 requests</c>.</summary>
    public static string KillSwitchLine(string key, int percent, string? verdict)
    {
        const string verb = "rolled back: ";
        var detail = verdict is null ? "no verdict recorded"
            : verdict.StartsWith(verb, StringComparison.Ordinal) ? verdict[verb.Length..]
            : verdict;
        return $"flag {key} rolled back at {percent}%: {detail}";
    }

    private static string Evidence(GateDecision gate, Verdict verdict, CohortInput input, Snapshot r) => JsonSerializer.Serialize(
        new
        {
            decision = gate.Action.ToString().ToLowerInvariant(),
            reason = gate.Reason,
            rule = verdict.Rule,
            elapsedSeconds = Math.Round(input.Elapsed.TotalSeconds, 2),
            minStepSeconds = input.MinStep.TotalSeconds,
            percent = r.Percent,
            variant = r.Started.Variant,
            summary = verdict.Summary,
            deciding = verdict.Deciding,
            checks = verdict.Checks,
        },
        JudgeBakeGate.EvidenceJson);

    private sealed record Snapshot(GuardedRolloutStarted Started, GuardedPhase Phase, int Step, int Percent, int? LastSafePercent, string? LastVerdict, string? ChangedBy);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Guarded rollout of flag {Key} ({Scope}) started by {By}: steps {Steps}")]
    private static partial void LogStarted(ILogger logger, string key, string scope, string steps, string by);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Guarded rollout of flag {Key}: step {Step} of {Steps} at {Percent}%")]
    private static partial void LogStep(ILogger logger, string key, int step, int steps, int percent);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Information, Message = "Guarded rollout of flag {Key} at {Percent}%: {Reason}")]
    private static partial void LogVerdict(ILogger logger, string key, int percent, string reason);

    [LoggerMessage(EventId = 7205, Level = LogLevel.Warning, Message = "Guarded rollout of flag {Key} ({Scope}) could not go on; trying again at the next look")]
    private static partial void LogRolloutFailed(ILogger logger, Exception exception, string key, string scope);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "A look at the guarded rollouts failed; trying again")]
    private static partial void LogLookFailed(ILogger logger, Exception exception);
}
