using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Slipway.Core.Config;
using Slipway.Core.Journal;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;
using Slipway.Server.Pipelines;
using Slipway.Server.Rollouts;

namespace Slipway.Server.Services;

/// <summary>
/// Watches each service's repository, queues pipeline runs, and hands successful runs to the rollout driver,
/// one at a time per service. Manual deploy, rollback, pause and resume come through here too.
/// </summary>
internal sealed partial class ServiceCoordinator(
    EventJournal journal,
    PipelineRunner pipelines,
    RolloutDriver driver,
    ServerPaths paths,
    TimeProvider time,
    IServiceProvider services,
    ILogger<ServiceCoordinator> logger)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _watches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServiceWorker> _workers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _enqueueGate = new(1, 1);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _pollGates = new(StringComparer.Ordinal);
    private CancellationToken _stopping;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ServiceName();

    /// <summary>Starts a worker and a watcher for every registered service, resuming interrupted work first.</summary>
    public async Task StartAsync(CancellationToken stopping)
    {
        _stopping = stopping;
        var services = journal.Read(s => s.Services.Keys.ToList());
        foreach (var service in services)
        {
            await StartServiceAsync(service);
        }
    }

    public async Task<ServiceRegistered> RegisterAsync(string name, string repository, string? branch, int frontDoorPort, double pollSeconds, CancellationToken cancellationToken)
    {
        if (!ServiceName().IsMatch(name ?? string.Empty))
        {
            throw new SlipwayProblemException(400, "Invalid service name", $"'{name}' is not a valid service name: use 1-63 lowercase letters, digits and '-', starting with a letter or digit.");
        }

        if (string.IsNullOrWhiteSpace(repository))
        {
            throw new SlipwayProblemException(400, "Missing repository", "A service needs a repository: a local path or any URL git can clone.");
        }

        if (pollSeconds is < 0.1 or > 86_400)
        {
            throw new SlipwayProblemException(400, "Invalid poll interval", $"pollSeconds must be between 0.1 and 86400, not {pollSeconds}.");
        }

        if (journal.Read(s => s.Services.ContainsKey(name!)))
        {
            throw new SlipwayProblemException(409, "Service exists", $"A service named '{name}' is already registered.");
        }

        if (Directory.Exists(repository))
        {
            repository = Path.GetFullPath(repository);
        }

        try
        {
            await Git.FetchMirrorAsync(repository, paths.Mirror(name!), cancellationToken);
        }
        catch (GitException ex)
        {
            throw new SlipwayProblemException(400, "Repository unreachable", $"git could not clone '{repository}': {ex.Message}");
        }

        var port = frontDoorPort == 0 ? Core.Net.Ports.FindFree() : frontDoorPort;
        var registered = new ServiceRegistered(name!, repository, string.IsNullOrWhiteSpace(branch) ? "main" : branch!, port, pollSeconds);
        await journal.AppendAsync(registered, cancellationToken);
        await StartServiceAsync(name!);
        return registered;
    }

    /// <summary>Fetches the repository now and queues a run if the branch moved. Returns the run id, if one was queued.</summary>
    public async Task<string?> PollAsync(string service, CancellationToken cancellationToken)
    {
        var view = journal.Read(s => s.Services.GetValueOrDefault(service))
            ?? throw new SlipwayProblemException(404, "Unknown service", $"No service named '{service}'.");
        // The watcher's timer and a push can poll at the same moment: one at a time, so a commit is detected once.
        var gate = _pollGates.GetOrAdd(service, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var mirror = paths.Mirror(service);
            await Git.FetchMirrorAsync(view.Repository, mirror, cancellationToken);
            var head = await Git.ResolveBranchAsync(mirror, view.Branch, cancellationToken);
            if (head is null || head == journal.Read(s => s.Services[service].LastSeenCommit))
            {
                return null;
            }

            var subject = await Git.SubjectAsync(mirror, head, cancellationToken);
            await journal.AppendAsync(new CommitDetected(service, head, subject), cancellationToken);
            return await EnqueueRunAsync(service, head, "push", cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Deploys a given commit. Refused (409) while a rollout of the service is running.</summary>
    public async Task<string> DeployAsync(string service, string commitish, CancellationToken cancellationToken)
    {
        var view = journal.Read(s => s.Services.GetValueOrDefault(service))
            ?? throw new SlipwayProblemException(404, "Unknown service", $"No service named '{service}'.");
        RefuseWhileRolling(service, "deploy");
        var mirror = paths.Mirror(service);
        await Git.FetchMirrorAsync(view.Repository, mirror, cancellationToken);
        var commit = await Git.ResolveCommitAsync(mirror, commitish, cancellationToken)
            ?? throw new SlipwayProblemException(404, "Unknown commit", $"'{commitish}' is not a commit in {view.Repository}.");
        var built = journal.Read(s => s.Services[service].RunIds.Select(id => s.Runs[id]).LastOrDefault(r => r.Commit == commit && r.Status == "succeeded"));
        if (built is not null)
        {
            Worker(service).Offer(new WorkItem.DeployRun(built.RunId, "manual"));
            return built.RunId;
        }

        return await EnqueueRunAsync(service, commit, "manual", cancellationToken);
    }

    /// <summary>Rolls back the running rollout, or redeploys the release before the current one.</summary>
    public async Task<string> RollbackAsync(string service, string by, CancellationToken cancellationToken)
    {
        var (view, active) = journal.Read(s => (s.Services.GetValueOrDefault(service), s.ActiveRollout(service)));
        if (view is null)
        {
            throw new SlipwayProblemException(404, "Unknown service", $"No service named '{service}'.");
        }

        if (active is not null)
        {
            await journal.AppendAsync(new RollbackRequested(service, active.State.RolloutId, "manual", $"rollback requested by {by}", null), cancellationToken);
            return active.State.RolloutId;
        }

        var previous = journal.Read(s => s.Services[service].RolloutIds
            .Select(id => s.Rollouts[id])
            .Where(r => r.State.Outcome == Core.Rollouts.RolloutOutcome.Promoted && r.State.Version != view.ProductionVersion)
            .Select(r => s.Runs.Values.LastOrDefault(run => run.Service == service && run.Commit == r.State.Version && run.Status == "succeeded"))
            .LastOrDefault(run => run is not null));
        if (previous is null)
        {
            throw new SlipwayProblemException(409, "Nothing to roll back to", $"Service '{service}' has no earlier promoted release.");
        }

        Worker(service).Offer(new WorkItem.DeployRun(previous.RunId, "rollback"));
        return previous.RunId;
    }

    public Task PauseAsync(string service, string by, CancellationToken cancellationToken) =>
        SetPausedAsync(service, paused: true, by, cancellationToken);

    public Task ResumeAsync(string service, string by, CancellationToken cancellationToken) =>
        SetPausedAsync(service, paused: false, by, cancellationToken);

    private async Task SetPausedAsync(string service, bool paused, string by, CancellationToken cancellationToken)
    {
        var view = journal.Read(s => s.Services.GetValueOrDefault(service))
            ?? throw new SlipwayProblemException(404, "Unknown service", $"No service named '{service}'.");
        if (view.Paused == paused)
        {
            return;
        }

        await journal.AppendAsync(paused ? new ServicePaused(service, by) : new ServiceResumed(service, by), cancellationToken);
    }

    private void RefuseWhileRolling(string service, string what)
    {
        if (journal.Read(s => s.ActiveRollout(service)) is { } active)
        {
            throw new SlipwayProblemException(
                409,
                "Rollout in progress",
                $"Service '{service}' is rolling out {active.State.Version[..Math.Min(7, active.State.Version.Length)]} ({active.State.RolloutId}); {what} refused. Try again when it ends, or roll it back first.");
        }
    }

    private async Task<string> EnqueueRunAsync(string service, string commit, string trigger, CancellationToken cancellationToken)
    {
        await _enqueueGate.WaitAsync(cancellationToken);
        try
        {
            var runId = journal.Read(s => $"{service}-{s.Services[service].RunIds.Count + 1}");
            await journal.AppendAsync(new PipelineQueued(service, runId, commit, trigger), cancellationToken);
            if (Worker(service).Offer(new WorkItem.RunPipeline(runId, commit)) is WorkItem.RunPipeline superseded)
            {
                await journal.AppendAsync(new PipelineSuperseded(service, superseded.RunId, superseded.Commit, commit), cancellationToken);
            }

            return runId;
        }
        finally
        {
            _enqueueGate.Release();
        }
    }

    private ServiceWorker Worker(string service) => _workers.GetOrAdd(service, s => new ServiceWorker(s));

    private async Task StartServiceAsync(string service)
    {
        var worker = Worker(service);
        if (worker.Loop is not null)
        {
            return;
        }

        // Work a crash interrupted: a pipeline that was running is failed honestly and queued again.
        var interrupted = journal.Read(s => s.Services[service].RunIds.Select(id => s.Runs[id]).Where(r => r.Status is "queued" or "running").ToList());
        foreach (var run in interrupted)
        {
            await journal.AppendAsync(new PipelineFailed(service, run.RunId, run.Commit, "interrupted", -1, "the server stopped during this run", string.Empty), CancellationToken.None);
        }

        var activeRollout = journal.Read(s => s.Services[service].ActiveRolloutId);
        worker.Loop = Task.Run(() => WorkAsync(worker, activeRollout, _stopping));
        _ = Task.Run(() => WatchAsync(service, _stopping));

        // A watch window a restart interrupted (the last rollout was promoted, its watch never ended) starts again
        // against the reference it journaled.
        var openWatch = journal.Read(s => s.Services[service].RolloutIds.LastOrDefault() is { } last && s.Rollouts[last].OpenWatch is not null ? last : null);
        if (activeRollout is null && openWatch is not null)
        {
            StartWatch(service, openWatch, _stopping);
        }
        if (interrupted.LastOrDefault() is { } last)
        {
            await EnqueueRunAsync(service, last.Commit, "resume", CancellationToken.None);
        }
    }

    private async Task WatchAsync(string service, CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(journal.Read(s => s.Services[service].PollSeconds));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await PollAsync(service, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, service, ex.Message);
            }

            try
            {
                await Task.Delay(interval, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WorkAsync(ServiceWorker worker, string? resumeRollout, CancellationToken ct)
    {
        try
        {
            if (resumeRollout is not null)
            {
                await driver.RunAsync(resumeRollout, ct);
            }

            while (!ct.IsCancellationRequested)
            {
                var item = await worker.TakeAsync(ct);
                worker.Current = item;
                try
                {
                    await HandleAsync(worker.Service, item, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogWorkFailed(logger, worker.Service, item.ToString(), ex);
                }
                finally
                {
                    worker.Current = null;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(string service, WorkItem item, CancellationToken ct)
    {
        switch (item)
        {
            case WorkItem.RunPipeline run:
                if (await pipelines.RunAsync(service, run.RunId, run.Commit, ct))
                {
                    var trigger = journal.Read(s => s.Runs[run.RunId].Trigger);
                    await StartRolloutAsync(service, run.RunId, trigger, ct);
                }

                break;
            case WorkItem.DeployRun deploy:
                await StartRolloutAsync(service, deploy.RunId, deploy.Trigger, ct);
                break;
            case WorkItem.ResumeRollout resume:
                await driver.RunAsync(resume.RolloutId, ct);
                break;
        }
    }

    private async Task StartRolloutAsync(string service, string runId, string trigger, CancellationToken ct)
    {
        var (view, run, oldIds, number) = journal.Read(s => (
            s.Services[service],
            s.Runs[runId],
            s.Fleet.ForService(service).Select(i => i.Id).Order(StringComparer.Ordinal).ToList(),
            s.Services[service].RolloutIds.Count + 1));
        if (run.Commit == view.ProductionVersion && oldIds.Count > 0)
        {
            LogAlreadyLive(logger, service, run.Commit);
            return;
        }

        if (trigger is "push" or "resume" && view.RolledBackVersions.Contains(run.Commit))
        {
            LogSkippingRolledBack(logger, service, run.Commit);
            return;
        }

        var config = SlipwayConfigParser.Parse(run.ConfigYaml!).Config!;
        var rolloutId = $"{service}-r{number}";
        var started = new RolloutStarted(
            service,
            rolloutId,
            run.Commit,
            run.ArtifactDigest!,
            view.ProductionVersion,
            view.ProductionDigest,
            config.Instances,
            config.Waves.Plan(config.Instances),
            oldIds,
            trigger,
            run.ConfigYaml!,
            view.ProductionConfigYaml);
        if (_watches.TryRemove(service, out var watching))
        {
            // A newer release supersedes the watch of the one before it.
            await watching.CancelAsync();
        }

        await journal.AppendAsync(started, CancellationToken.None);
        var outcome = await driver.RunAsync(rolloutId, ct);
        if (outcome == Core.Rollouts.RolloutOutcome.Promoted)
        {
            StartWatch(service, rolloutId, ct);
        }
    }

    /// <summary>After promotion the immune system keeps watching; a regression redeploys the previous release.</summary>
    private void StartWatch(string service, string rolloutId, CancellationToken ct)
    {
        if (services.GetService(typeof(Metrics.IMetricSource)) is null || services.GetService(typeof(Immune.ReleaseWatch)) is not Immune.ReleaseWatch watch)
        {
            return;
        }

        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _watches[service] = cts;
        _ = Task.Run(async () =>
        {
            try
            {
                if (await watch.WatchAsync(rolloutId, cts.Token))
                {
                    var previous = journal.Read(s =>
                    {
                        var version = s.Rollouts[rolloutId].State.Started.PreviousVersion;
                        return s.Runs.Values.LastOrDefault(r => r.Service == service && r.Commit == version && r.Status == "succeeded");
                    });
                    if (previous is not null)
                    {
                        Worker(service).Offer(new WorkItem.DeployRun(previous.RunId, "watch"));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                LogWorkFailed(logger, service, $"watch of {rolloutId}", ex);
            }
        });
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Polling {Service} failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string service, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Work item {Item} of {Service} failed")]
    private static partial void LogWorkFailed(ILogger logger, string service, string item, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Service}@{Commit} is already in production; nothing to roll out")]
    private static partial void LogAlreadyLive(ILogger logger, string service, string commit);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "{Service}@{Commit} was rolled back before; it is not redeployed automatically")]
    private static partial void LogSkippingRolledBack(ILogger logger, string service, string commit);
}
