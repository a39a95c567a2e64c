using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Slipway.Core.Config;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;
using Slipway.Core.Services;
using Slipway.Server.Immune;
using Slipway.Server.Journal;
using Slipway.Server.Pipelines;
using Slipway.Server.Rollouts;

namespace Slipway.Server.Services;

/// <summary>
/// The thin driver of each service's lifecycle: it asks the pure <see cref="ServicePlanner"/> what is next, performs
/// it (a pipeline, a rollout, a journaled skip), and asks again when the journal changes. One loop per service, so a
/// service never runs two rollouts at once. After a restart the same loop picks up where the journal says it was.
/// </summary>
internal sealed partial class ServiceCoordinator(
    EventJournal journal,
    PipelineRunner pipelines,
    RolloutDriver driver,
    RunQueue runs,
    ReleaseWatch releaseWatch,
    ArtifactRetention retention,
    Migrations.ContractRunner contracts,
    TimeProvider time,
    ILogger<ServiceCoordinator> logger)
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, ServiceSignal> _signals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _loops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _watches = new(StringComparer.Ordinal);
    private CancellationToken _stopping;

    /// <summary>Ends with the server.</summary>
    public CancellationToken Stopping => _stopping;

    public void Initialize(CancellationToken stopping)
    {
        _stopping = stopping;
        journal.Appended += (e, _) =>
        {
            if (_signals.TryGetValue(e.Service, out var signal))
            {
                signal.Set();
            }
        };
    }

    /// <summary>Starts the driver loop of a service (once).</summary>
    public void Start(string service)
    {
        _signals.GetOrAdd(service, _ => new ServiceSignal());
        _loops.GetOrAdd(service, s => Task.Run(() => DriveAsync(s, _stopping), CancellationToken.None));
    }

    /// <summary>Starts the watch window of a promoted rollout, replacing the service's current watch.</summary>
    public void StartWatch(string service, string rolloutId)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        if (_watches.TryGetValue(service, out var old))
        {
            old.Cancel();
        }

        _watches[service] = cts;
        _ = Task.Run(async () =>
        {
            try
            {
                // A regression journals WatchFailed, which is itself the wish to redeploy the previous release.
                await releaseWatch.WatchAsync(rolloutId, cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                LogActionFailed(logger, service, $"watch of {rolloutId}", ex);
            }
        }, CancellationToken.None);
    }

    private async Task DriveAsync(string service, CancellationToken ct)
    {
        var signal = _signals[service];
        while (!ct.IsCancellationRequested)
        {
            var changed = signal.Arm();
            var action = journal.Read(s => s.Services.TryGetValue(service, out var view) ? ServicePlanner.Next(view.Lifecycle, s.Fleet.ForService(service).Count()) : null);
            if (action is null)
            {
                // The service was removed: this loop ends, and a service registered again under the name gets a new one.
                _loops.TryRemove(service, out _);
                _signals.TryRemove(service, out _);
                return;
            }

            try
            {
                if (action is ServiceAction.Idle)
                {
                    await changed.WaitAsync(ct);
                    continue;
                }

                await PerformAsync(service, action, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The journal did not move on (or we would not be here): wait for a change or a while, never spin.
                LogActionFailed(logger, service, action.ToString(), ex);
                try
                {
                    await changed.WaitAsync(RetryAfterFailure, time, ct);
                }
                catch (TimeoutException)
                {
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task PerformAsync(string service, ServiceAction action, CancellationToken ct)
    {
        switch (action)
        {
            case ServiceAction.ResumeRollout resume:
                if (await driver.RunAsync(resume.RolloutId, ct) == RolloutOutcome.Promoted)
                {
                    StartWatch(service, resume.RolloutId);
                }

                retention.Prune();

                break;
            case ServiceAction.AbandonInterruptedRun abandon:
                var run = abandon.Run;
                await journal.AppendAsync(new PipelineFailed(service, run.RunId, run.Commit, "interrupted", -1, "the server stopped during this run", string.Empty), CancellationToken.None);
                if (abandon.Requeue)
                {
                    await runs.EnqueueAsync(service, run.Commit, "resume", run.By, CancellationToken.None);
                }

                break;
            case ServiceAction.SkipDeploy skip:
                LogDeploySkipped(logger, service, skip.Intent.Version, skip.Reason);
                await journal.AppendAsync(new DeploySkipped(service, skip.Intent.Version, skip.Intent.Trigger, skip.Reason), CancellationToken.None);
                break;
            case ServiceAction.StartRollout start:
                await StartRolloutAsync(service, start.Release, start.Intent, ct);
                break;
            case ServiceAction.RunContracts ready:
                // Each contract ends in the journal (applied or failed), so the planner never asks for it twice.
                await contracts.RunAsync(service, ready.Contracts, ct);
                break;
            case ServiceAction.RunPipeline pipeline:
                // Success journals PipelineSucceeded, which the planner reads as the wish to deploy it.
                await pipelines.RunAsync(service, pipeline.Run.RunId, pipeline.Run.Commit, ct);
                break;
        }
    }

    private async Task StartRolloutAsync(string service, Release release, DeployIntent intent, CancellationToken ct)
    {
        var (view, oldIds) = journal.Read(s => (
            s.Services[service],
            s.Fleet.ForService(service).Select(i => i.Id).Order(StringComparer.Ordinal).ToList()));
        var parsed = SlipwayConfigParser.Parse(release.ConfigYaml);
        if (parsed.Config is not { } config)
        {
            // The config step validated it; an old journal may hold one a newer parser refuses. Say so and move on.
            var reason = $"its slipway.yml no longer parses: {string.Join("; ", parsed.Errors.Select(e => e.ToString()))}";
            await journal.AppendAsync(new DeploySkipped(service, release.Version, intent.Trigger, reason), CancellationToken.None);
            return;
        }

        var rolloutId = $"{service}-r{view.Lifecycle.RolloutCount + 1}";
        var started = new RolloutStarted(
            service,
            rolloutId,
            release.Version,
            release.ArtifactDigest,
            view.ProductionVersion,
            view.ProductionDigest,
            config.Instances,
            config.Waves.Plan(config.Instances),
            oldIds,
            intent.Trigger,
            release.ConfigYaml,
            view.ProductionConfigYaml);
        if (_watches.TryRemove(service, out var watching))
        {
            // A newer release supersedes the watch of the one before it.
            await watching.CancelAsync();
        }

        // From here the rollout is journaled; the next loop resumes it (now, or after a restart).
        await journal.AppendAsync(started, CancellationToken.None);
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "{Action} of {Service} failed")]
    private static partial void LogActionFailed(ILogger logger, string service, string action, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Service}@{Commit}: deploy skipped: {Reason}")]
    private static partial void LogDeploySkipped(ILogger logger, string service, string commit, string reason);
}
