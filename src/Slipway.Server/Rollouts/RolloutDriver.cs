using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Core.Config;
using Slipway.Core.Fleet;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;
using Slipway.Server.Agents;
using Slipway.Server.FrontDoor;
using Slipway.Server.Journal;

namespace Slipway.Server.Rollouts;

/// <summary>
/// Carries out rollouts. Each loop asks the pure <see cref="RolloutPlanner"/> for the next action, performs it,
/// and journals the result before the next step. A rollout interrupted by a crash resumes from the journal.
/// </summary>
internal sealed partial class RolloutDriver(
    EventJournal journal,
    AgentHub agents,
    FrontDoorRoutes routes,
    SelfTester selfTester,
    IBakeGate bakeGate,
    BakeBoard bakes,
    Hosting.SlipwayServerOptions options,
    TimeProvider time,
    ILogger<RolloutDriver> logger)
{
    public const string SdkKeyVariable = "SLIPWAY_SDK_KEY";

    private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _interrupts = new(StringComparer.Ordinal);

    /// <summary>Called for every appended event: a rollback request interrupts whatever the rollout is waiting on.</summary>
    public void OnAppended(SlipwayEvent e)
    {
        if (e is RollbackRequested r && _interrupts.TryGetValue(r.RolloutId, out var cts))
        {
            cts.Cancel();
        }
    }

    public async Task<RolloutOutcome> RunAsync(string rolloutId, CancellationToken cancellationToken)
    {
        var started = journal.Read(s => s.Rollouts[rolloutId].State.Started);
        var config = ParseConfig(started.ConfigYaml);
        var previousConfig = started.PreviousConfigYaml is { } previous ? ParseConfig(previous) : null;
        LogResuming(logger, rolloutId, started.Service, Short(started.Version));
        while (true)
        {
            var action = journal.Read(s => RolloutPlanner.Next(s.Rollouts[rolloutId].State, s.Services[started.Service].Paused, options.StartWavesAhead));
            if (action is RolloutAction.Done done)
            {
                _interrupts.TryRemove(rolloutId, out _);
                return done.Outcome;
            }

            using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _interrupts[rolloutId] = interrupt;
            try
            {
                await PerformAsync(started, config, previousConfig, action, interrupt.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A rollback was requested while we waited; the planner will see it on the next loop.
            }
            finally
            {
                _interrupts.TryRemove(rolloutId, out _);
            }
        }
    }

    private async Task PerformAsync(RolloutStarted r, ServiceConfig config, ServiceConfig? previousConfig, RolloutAction action, CancellationToken ct)
    {
        switch (action)
        {
            case RolloutAction.StartWave w:
                var offset = r.Waves.Take(w.Wave).Sum();
                var specs = Enumerable.Range(offset, w.Count)
                    .Select(i => Spec($"{r.RolloutId}-{i + 1}", r.Version, r.ArtifactDigest, config, r.Service, i))
                    .ToList();
                var baseline = new List<InstanceSpec>();
                if (r.PreviousDigest is { } baseDigest && r.PreviousVersion is { } baseVersion && previousConfig is not null && bakeGate.WantsBaseline(r.ConfigYaml))
                {
                    baseline = Enumerable.Range(0, w.Count)
                        .Select(i => Spec($"{r.RolloutId}-base{w.Wave + 1}-{i + 1}", baseVersion, baseDigest, previousConfig, r.Service, i))
                        .ToList();
                }

                LogWave(logger, r.RolloutId, w.Wave + 1, r.Waves.Count, w.Count);
                await journal.AppendAsync(
                    [
                        new InstancesAdded(r.Service, [.. specs, .. baseline]),
                        new WaveStarted(r.Service, r.RolloutId, w.Wave, specs.ConvertAll(s => s.Id), baseline.ConvertAll(s => s.Id)),
                    ],
                    CancellationToken.None);
                break;

            case RolloutAction.SelfTest t:
                await SelfTestAllAsync(r, t.InstanceIds, config.SelfTest, stopOnFailure: true, ct);
                break;

            case RolloutAction.Route route:
                await journal.AppendAsync(new InstancesRouted(r.Service, route.InstanceIds), CancellationToken.None);
                routes.Refresh();
                break;

            case RolloutAction.Bake b:
                await BakeAsync(r, config, b, ct);
                break;

            case RolloutAction.Retire retire:
                List<string> leaving = [.. retire.OldInstanceIds, .. retire.BaselineIds];
                if (leaving.Count > 0)
                {
                    await UnrouteAndDrainAsync(r.Service, leaving);
                }

                await journal.AppendAsync(
                    [
                        new InstancesRemoved(r.Service, leaving),
                        new WaveCompleted(r.Service, r.RolloutId, retire.Wave, retire.OldInstanceIds, retire.BaselineIds),
                    ],
                    CancellationToken.None);

                break;

            case RolloutAction.Promote:
                var remaining = journal.Read(s => s.Rollouts[r.RolloutId].State.OldInstances.ToList());
                if (remaining.Count > 0)
                {
                    await UnrouteAndDrainAsync(r.Service, remaining);
                }

                await journal.AppendAsync([new InstancesRemoved(r.Service, remaining), new RolloutPromoted(r.Service, r.RolloutId, r.Version)], CancellationToken.None);
                LogPromoted(logger, r.RolloutId, Short(r.Version));
                break;

            case RolloutAction.StartRollback rb:
                var newIds = journal.Read(s => s.Rollouts[r.RolloutId].State.NewInstances.ToList());
                var replacements = new List<InstanceSpec>();
                if (rb.ReplacementCount > 0 && r.PreviousVersion is { } oldVersion && r.PreviousDigest is { } oldDigest && previousConfig is not null)
                {
                    replacements = Enumerable.Range(0, rb.ReplacementCount)
                        .Select(i => Spec($"{r.RolloutId}-back-{i + 1}", oldVersion, oldDigest, previousConfig, r.Service, i))
                        .ToList();
                }

                LogRollingBack(logger, r.RolloutId, rb.Reason, replacements.Count);
                // The new version stops serving at once and its instances are stopped; the old version is brought
                // back to full strength from the agent's artifact cache.
                List<string> stopping = [.. newIds, .. journal.Read(s => s.Rollouts[r.RolloutId].State.ActiveBaselines)];
                await journal.AppendAsync(
                    [
                        new InstancesUnrouted(r.Service, stopping),
                        new InstancesRemoved(r.Service, stopping),
                        new InstancesAdded(r.Service, replacements),
                        new RollbackStarted(r.Service, r.RolloutId, rb.Reason, replacements.ConvertAll(s => s.Id)),
                    ],
                    CancellationToken.None);
                routes.Refresh();
                break;

            case RolloutAction.SelfTestReplacements t:
                await SelfTestAllAsync(r, t.InstanceIds, (previousConfig ?? config).SelfTest, stopOnFailure: false, CancellationToken.None);
                break;

            case RolloutAction.FinishRollback f:
                var failed = journal.Read(s => s.Rollouts[r.RolloutId].State.Replacements.Where(id => s.Rollouts[r.RolloutId].State.SelfTest(id) == false).ToList());
                var reason = journal.Read(s => s.Rollouts[r.RolloutId].State.RollbackReason) ?? "manual";
                await journal.AppendAsync(
                    [
                        new InstancesRouted(r.Service, f.ReplacementIds),
                        new InstancesRemoved(r.Service, [.. f.NewInstanceIds, .. f.BaselineIds, .. failed]),
                        new RolloutRolledBack(r.Service, r.RolloutId, r.Version, reason),
                    ],
                    CancellationToken.None);
                routes.Refresh();
                LogRolledBack(logger, r.RolloutId, Short(r.Version), reason);
                break;

            case RolloutAction.WaitWhilePaused:
                await journal.NextChange.WaitAsync(ct);
                break;

            default:
                throw new InvalidOperationException($"Unknown rollout action {action}.");
        }
    }

    private async Task SelfTestAllAsync(RolloutStarted r, IReadOnlyList<string> ids, SelfTestConfig selfTest, bool stopOnFailure, CancellationToken ct)
    {
        using var wave = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tasks = ids.Select(async id =>
        {
            SelfTestResult result;
            try
            {
                result = await selfTester.RunAsync(id, selfTest.Path, selfTest.Timeout, wave.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                if (journal.Read(s => s.Rollouts[r.RolloutId].State.IsBaseline(id)))
                {
                    // A baseline only matters for the bake, which will not happen: nothing to record.
                    return;
                }

                result = new SelfTestResult(false, null, TimeSpan.Zero, "not finished: another instance of the wave failed first", string.Empty);
            }

            SlipwayEvent e = result.Passed
                ? new SelfTestPassed(r.Service, r.RolloutId, id, result.StatusCode ?? 0, result.Elapsed.TotalSeconds, result.Body)
                : new SelfTestFailed(r.Service, r.RolloutId, id, result.StatusCode, result.Elapsed.TotalSeconds, result.Reason, result.Body, result.Output);
            await journal.AppendAsync(e, CancellationToken.None);
            if (result.Passed)
            {
                LogSelfTestPassed(logger, id, r.RolloutId, result.Elapsed.TotalSeconds);
            }

            if (!result.Passed && stopOnFailure && !journal.Read(s => s.Rollouts[r.RolloutId].State.IsBaseline(id)))
            {
                LogSelfTestFailed(logger, id, result.Reason);
                await wave.CancelAsync();
            }
        });
        await Task.WhenAll(tasks);
    }

    /// <summary>Bakes the wave and asks the gate for its verdict; the wave started ahead self-tests meanwhile.</summary>
    private async Task BakeAsync(RolloutStarted r, ServiceConfig config, RolloutAction.Bake b, CancellationToken ct)
    {
        var context = journal.Read(s =>
        {
            var st = s.Rollouts[r.RolloutId].State;
            return new BakeContext(
                r.Service,
                r.RolloutId,
                b.Wave,
                r.Version,
                r.PreviousVersion,
                // Only routed waves: the wave started ahead has no traffic yet, so it is not judged.
                st.NewInstancesUpTo(b.Wave),
                st.WaveInstances(b.Wave),
                st.WaveBaselines(b.Wave).Where(id => st.SelfTest(id) == true).ToList(),
                st.OldInstances.ToList(),
                config.Bake,
                r.ConfigYaml);
        });
        // The wave started ahead self-tests meanwhile; a new instance of it that fails ends the bake (a rollback). It
        // has the bake's length on top of its timeout: started when it was needed, at the bake's end, it would have had
        // the whole timeout from there, and a busy machine starting a wave more during a bake must not cost a rollback.
        using var bakeEnds = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ahead = b.SelfTestAhead is { Count: > 0 } aheadIds
            ? SelfTestAheadAsync(r, aheadIds, config.SelfTest.Path, config.SelfTest.Timeout + config.Bake, bakeEnds, ct)
            : Task.CompletedTask;
        BakeVerdict verdict;
        try
        {
            verdict = await bakeGate.BakeAsync(context with { Progress = bakes.Begin(r.RolloutId, b.Wave, r.Waves.Count, config.Bake) }, bakeEnds.Token);
        }
        catch (OperationCanceledException)
        {
            await ahead;
            throw;
        }
        finally
        {
            bakes.End(r.RolloutId);
        }

        LogBaked(logger, r.RolloutId, b.Wave + 1, r.Waves.Count, verdict.JournalVerdict, verdict.Summary);
        var baked = new WaveBaked(r.Service, r.RolloutId, b.Wave, verdict.JournalVerdict, verdict.Summary, verdict.EvidenceJson);
        if (verdict.Decision == Core.Judge.GateAction.Rollback)
        {
            await journal.AppendAsync([baked, new RollbackRequested(r.Service, r.RolloutId, verdict.Reason, verdict.Summary, verdict.EvidenceJson)], CancellationToken.None);
        }
        else
        {
            await journal.AppendAsync(baked, CancellationToken.None);
        }

        // The next step routes the wave ahead, so its self-tests must be in; a rollback stops them instead.
        if (verdict.Decision == Core.Judge.GateAction.Rollback)
        {
            await bakeEnds.CancelAsync();
        }

        await ahead;
    }

    /// <summary>
    /// Self-tests the instances started ahead while the wave before them bakes. A new instance that fails cancels
    /// <paramref name="bake"/>; one not finished when the bake ends in a rollback records nothing (it is stopped anyway).
    /// </summary>
    private async Task SelfTestAheadAsync(RolloutStarted r, IReadOnlyList<string> ids, string path, TimeSpan timeout, CancellationTokenSource bake, CancellationToken ct)
    {
        var tasks = ids.Select(async id =>
        {
            SelfTestResult result;
            try
            {
                result = await selfTester.RunAsync(id, path, timeout, bake.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return;
            }

            SlipwayEvent e = result.Passed
                ? new SelfTestPassed(r.Service, r.RolloutId, id, result.StatusCode ?? 0, result.Elapsed.TotalSeconds, result.Body)
                : new SelfTestFailed(r.Service, r.RolloutId, id, result.StatusCode, result.Elapsed.TotalSeconds, result.Reason, result.Body, result.Output);
            await journal.AppendAsync(e, CancellationToken.None);
            if (result.Passed)
            {
                LogSelfTestPassed(logger, id, r.RolloutId, result.Elapsed.TotalSeconds);
            }
            else if (!journal.Read(s => s.Rollouts[r.RolloutId].State.IsBaseline(id)))
            {
                LogSelfTestFailed(logger, id, result.Reason);
                await bake.CancelAsync();
            }
        });
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private async Task UnrouteAndDrainAsync(string service, IReadOnlyList<string> ids)
    {
        await journal.AppendAsync(new InstancesUnrouted(service, ids), CancellationToken.None);
        routes.Refresh();
        var start = time.GetTimestamp();
        while (routes.InFlight(ids) > 0 && time.GetElapsedTime(start) < MaxDrain)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), time);
        }
    }

    private InstanceSpec Spec(string id, string version, string digest, ServiceConfig config, string service, int index)
    {
        var hosts = agents.LiveHosts();
        var host = hosts.Count == 0 ? "local" : hosts[index % hosts.Count];
        // The instance's flag SDK key is not in the spec (the spec is journaled): the agent hub hands it out with the
        // service's secrets when the agent asks for its desired state.
        return new InstanceSpec(id, service, version, digest, host, config.Run, config.Env, config.StopTimeout.TotalSeconds);
    }

    private static ServiceConfig ParseConfig(string yaml)
    {
        var parsed = SlipwayConfigParser.Parse(yaml);
        return parsed.Config ?? throw new InvalidOperationException(
            "A journaled config no longer parses: " + string.Join("; ", parsed.Errors.Select(e => e.ToString())));
    }

    private static string Short(string version) => version.Length > 7 ? version[..7] : version;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Rollout {RolloutId} of {Service}@{Version} running")]
    private static partial void LogResuming(ILogger logger, string rolloutId, string service, string version);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Rollout {RolloutId}: wave {Wave}/{Waves} starts {Count} instance(s)")]
    private static partial void LogWave(ILogger logger, string rolloutId, int wave, int waves, int count);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Rollout {RolloutId}: wave {Wave}/{Waves} baked: {Verdict} ({Summary})")]
    private static partial void LogBaked(ILogger logger, string rolloutId, int wave, int waves, string verdict, string summary);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Rollout {RolloutId}: self-test passed on {InstanceId} in {Seconds:0.00} s")]
    private static partial void LogSelfTestPassed(ILogger logger, string instanceId, string rolloutId, double seconds);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Self-test failed on {InstanceId}: {Reason}")]
    private static partial void LogSelfTestFailed(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Rollout {RolloutId}: {Version} promoted")]
    private static partial void LogPromoted(ILogger logger, string rolloutId, string version);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Rollout {RolloutId}: rolling back ({Reason}), starting {Count} replacement instance(s) of the old version")]
    private static partial void LogRollingBack(ILogger logger, string rolloutId, string reason, int count);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Rollout {RolloutId}: {Version} rolled back ({Reason})")]
    private static partial void LogRolledBack(ILogger logger, string rolloutId, string version, string reason);
}
