using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Slipway.Core.Journal;
using Slipway.Core.Services;
using Slipway.Server.Api;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;
using Slipway.Server.Pipelines;

namespace Slipway.Server.Services;

/// <summary>
/// What people ask of a service: register it, deploy a commit, roll back, pause, resume. Each request is checked
/// against the journaled state and becomes a journal event; the <see cref="ServiceCoordinator"/> acts on it.
/// </summary>
internal sealed partial class ServiceCommands(
    EventJournal journal,
    RunQueue runs,
    RepositoryWatcher watcher,
    ServiceCoordinator coordinator,
    ServerPaths paths,
    IServer server)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ServiceName();

    public async Task<ServiceRegistered> RegisterAsync(string name, string repository, string? branch, int frontDoorPort, double pollSeconds, CancellationToken cancellationToken)
    {
        if (!ServiceName().IsMatch(name ?? string.Empty))
        {
            throw new SlipwayProblemException(400, "Invalid service name", $"'{ApiLimits.Shorten(name ?? string.Empty)}' is not a valid service name: use 1-63 lowercase letters, digits and '-', starting with a letter or digit.");
        }

        if (string.IsNullOrWhiteSpace(repository))
        {
            throw new SlipwayProblemException(400, "Missing repository", "A service needs a repository: a local path or any URL git can clone.");
        }

        ApiLimits.Length(repository, ApiLimits.MaxRepositoryLength, "repository");
        if (repository.StartsWith('-') || repository.Any(char.IsControl))
        {
            throw new SlipwayProblemException(400, "Invalid repository", "A repository is a local path or a URL: it cannot start with '-' or hold control characters.");
        }

        if (!string.IsNullOrWhiteSpace(branch))
        {
            ApiLimits.Ref(branch, "branch");
        }

        if (!(pollSeconds >= 0.1 && pollSeconds <= 86_400))
        {
            throw new SlipwayProblemException(400, "Invalid poll interval", $"pollSeconds must be between 0.1 and 86400, not {pollSeconds}.");
        }

        if (journal.Read(s => s.Services.ContainsKey(name!)))
        {
            throw new SlipwayProblemException(409, "Service exists", $"A service named '{name}' is already registered.");
        }

        CheckFrontDoorPort(frontDoorPort);

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
        coordinator.Start(name!);
        watcher.Start(name!, coordinator.Stopping);
        return registered;
    }

    /// <summary>Fetches the repository now and queues a run if the branch moved. Returns the run id, if one was queued.</summary>
    public Task<string?> PollAsync(string service, CancellationToken cancellationToken) => watcher.PollAsync(service, cancellationToken);

    /// <summary>How long deploy and rollback wait for the coordinator to start the rollout they asked for, to name it.</summary>
    internal static readonly TimeSpan RolloutStartWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Deploys a given commit: its release if it is built (a journaled <see cref="DeployRequested"/>, answered with the
    /// rollout it started), otherwise a new run that deploys when it succeeds (answered with the run). Refused (409)
    /// while a rollout runs, or when the commit is already in production: a deploy never silently does nothing.
    /// </summary>
    public async Task<QueuedResponse> DeployAsync(string service, string commitish, string by, string? reason, CancellationToken cancellationToken)
    {
        // A commit id reaches git's command line: a huge or option-like one must be a 400, never a failing git (E2BIG).
        ApiLimits.Ref(commitish, "commit");
        var view = View(service);
        RefuseWhileRolling(service, "deploy");
        var mirror = paths.Mirror(service);
        await Git.FetchMirrorAsync(view.Repository, mirror, cancellationToken);
        var commit = await Git.ResolveCommitAsync(mirror, commitish, cancellationToken)
            ?? throw new SlipwayProblemException(404, "Unknown commit", $"'{commitish}' is not a commit in {view.Repository}.");
        var (lifecycle, live) = journal.Read(s => (s.Services[service].Lifecycle, s.Fleet.ForService(service).Any()));
        if (commit == lifecycle.ProductionVersion && live)
        {
            throw new SlipwayProblemException(409, "Already in production", $"{Short(commit)} is already in production for '{service}'; nothing to deploy.");
        }

        if (lifecycle.ReleaseOf(commit) is { } release)
        {
            var rolloutId = await RequestDeployAsync(new DeployRequested(service, commit, Triggers.Deploy, by, reason is null ? $"deploy requested by {by}" : $"{reason} (deploy requested by {by})"), cancellationToken);
            return new QueuedResponse(
                service,
                release.RunId,
                rolloutId is null
                    ? $"deploy of {Short(commit)} (built by {release.RunId}) requested; its rollout has not started yet"
                    : $"deploy of {Short(commit)} (built by {release.RunId}) started as rollout {rolloutId}",
                rolloutId);
        }

        var runId = await runs.EnqueueAsync(service, commit, Triggers.Deploy, reason is null ? by : $"{by}: {reason}", cancellationToken);
        return new QueuedResponse(service, runId, $"deploy of {Short(commit)} queued as run {runId}; its rollout starts when the run succeeds");
    }

    /// <summary>Rolls back the running rollout, or redeploys the release before the current one: either way, a rollout.</summary>
    public async Task<QueuedResponse> RollbackAsync(string service, string by, string? reason, CancellationToken cancellationToken)
    {
        var view = View(service);
        if (journal.Read(s => s.ActiveRollout(service)) is { } active)
        {
            var id = active.State.RolloutId;
            await journal.AppendAsync(new RollbackRequested(service, id, "manual", reason is null ? $"rollback requested by {by}" : $"{reason} (rollback requested by {by})", null), cancellationToken);
            return new QueuedResponse(service, null, $"rollback of rollout {id} under way", id);
        }

        var previous = view.Lifecycle.RollbackTarget()
            ?? throw new SlipwayProblemException(409, "Nothing to roll back to", $"Service '{service}' has no earlier promoted release.");
        var rolloutId = await RequestDeployAsync(new DeployRequested(service, previous.Version, Triggers.Rollback, by, reason is null ? $"rollback to {previous.Id} requested by {by}" : $"{reason} (rollback to {previous.Id} requested by {by})"), cancellationToken);
        return new QueuedResponse(
            service,
            null,
            rolloutId is null
                ? $"rollback to {Short(previous.Version)} requested; its rollout has not started yet"
                : $"rollback to {Short(previous.Version)} started as rollout {rolloutId}",
            rolloutId);
    }

    /// <summary>
    /// Journals a deploy request and waits (bounded) for the coordinator's answer: the rollout it started, whose id is
    /// returned, or a skip, which is a 409 with its reason. Null when the rollout has not started within the wait.
    /// </summary>
    private async Task<string?> RequestDeployAsync(DeployRequested request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<SlipwayEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAppended(SlipwayEvent e, DateTimeOffset at)
        {
            if (e is RolloutStarted started && started.Service == request.Service && started.Version == request.Version
                || e is DeploySkipped skipped && skipped.Service == request.Service && skipped.Version == request.Version)
            {
                answer.TrySetResult(e);
            }
        }

        journal.Appended += OnAppended;
        try
        {
            await journal.AppendAsync(request, cancellationToken);
            var e = await answer.Task.WaitAsync(RolloutStartWait, journal.Time, cancellationToken);
            return e is DeploySkipped skip
                ? throw new SlipwayProblemException(409, "Deploy skipped", $"{Short(request.Version)} was not deployed: {skip.Reason}.")
                : ((RolloutStarted)e).RolloutId;
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            journal.Appended -= OnAppended;
        }
    }

    /// <summary>
    /// Removes a service: its instances stop (<see cref="InstancesRemoved"/>), then <see cref="ServiceRemoved"/> closes its
    /// front door and ends its watcher and driver. Refused (409) while it rolls out or runs a pipeline: roll back or
    /// wait first, so nothing is cut off half way.
    /// </summary>
    public async Task<QueuedResponse> RemoveAsync(string service, string by, CancellationToken cancellationToken)
    {
        View(service);
        RefuseWhileRolling(service, "remove");
        var (busy, instances) = journal.Read(s => (
            s.Services[service].Lifecycle.Runs.Find(r => r.Status is RunStatus.Queued or RunStatus.Running),
            s.Fleet.ForService(service).Select(i => i.Id).Order(StringComparer.Ordinal).ToList()));
        if (busy is not null)
        {
            throw new SlipwayProblemException(409, "Run in progress", $"Service '{service}' has run {busy.RunId} {busy.Status.ToWire()}; remove refused. Try again when it ends.");
        }

        SlipwayEvent[] events = instances.Count > 0 ? [new InstancesRemoved(service, instances), new ServiceRemoved(service, by)] : [new ServiceRemoved(service, by)];
        await journal.AppendAsync(events, cancellationToken);
        return new QueuedResponse(service, null, $"removed by {by}: {instances.Count} instance(s) stopping, front door closed");
    }

    public Task PauseAsync(string service, string by, string? reason, CancellationToken cancellationToken) =>
        SetPausedAsync(service, paused: true, by, reason, cancellationToken);

    public Task ResumeAsync(string service, string by, string? reason, CancellationToken cancellationToken) =>
        SetPausedAsync(service, paused: false, by, reason, cancellationToken);

    private async Task SetPausedAsync(string service, bool paused, string by, string? reason, CancellationToken cancellationToken)
    {
        if (View(service).Paused == paused)
        {
            return;
        }

        await journal.AppendAsync(paused ? new ServicePaused(service, by, reason) : new ServiceResumed(service, by, reason), cancellationToken);
    }

    /// <summary>
    /// A front door port must be 0 (pick one) or an unprivileged port that no other service, the server itself or
    /// another program holds: a port that cannot be bound would otherwise fail the service at every start.
    /// </summary>
    private void CheckFrontDoorPort(int port)
    {
        if (port == 0)
        {
            return;
        }

        if (port is < 1024 or > 65535)
        {
            throw new SlipwayProblemException(400, "Invalid front door port", $"frontDoorPort must be 0 (pick a free port) or between 1024 and 65535, not {port}.");
        }

        if (journal.Read(s => s.Services.Values.FirstOrDefault(v => v.FrontDoorPort == port)) is { } other)
        {
            throw new SlipwayProblemException(409, "Front door port taken", $"Port {port} is the front door of service '{other.Name}'.");
        }

        if (ServerPorts().Contains(port))
        {
            throw new SlipwayProblemException(409, "Front door port taken", $"Port {port} is the Slipway server's own API port.");
        }

        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
        }
        catch (SocketException ex)
        {
            throw new SlipwayProblemException(409, "Front door port taken", $"Port {port} cannot be opened on 127.0.0.1: {ex.Message}.");
        }
    }

    private IEnumerable<int> ServerPorts() =>
        (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => Uri.TryCreate(a.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : -1);

    private State.ServiceView View(string service) =>
        journal.Read(s => s.Services.GetValueOrDefault(service))
        ?? throw new SlipwayProblemException(404, "Unknown service", $"No service named '{service}'.");

    private void RefuseWhileRolling(string service, string what)
    {
        if (journal.Read(s => s.ActiveRollout(service)) is { } active)
        {
            throw new SlipwayProblemException(
                409,
                "Rollout in progress",
                $"Service '{service}' is rolling out {Short(active.State.Version)} ({active.State.RolloutId}); {what} refused. Try again when it ends, or roll it back first.");
        }
    }

    private static string Short(string version) => version[..Math.Min(7, version.Length)];
}
