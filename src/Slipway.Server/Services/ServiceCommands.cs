using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Slipway.Core.Journal;
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

    /// <summary>
    /// Deploys a given commit: its release if it is built (a journaled <see cref="DeployRequested"/>), otherwise a
    /// new run that deploys when it succeeds. Refused (409) while a rollout runs, or when it is already in production.
    /// Returns the id of the run that built or builds the commit.
    /// </summary>
    public async Task<string> DeployAsync(string service, string commitish, string by, string? reason, CancellationToken cancellationToken)
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
            await journal.AppendAsync(new DeployRequested(service, commit, "manual", by, reason is null ? $"deploy requested by {by}" : $"{reason} (deploy requested by {by})"), cancellationToken);
            return release.RunId;
        }

        return await runs.EnqueueAsync(service, commit, "manual", reason is null ? by : $"{by}: {reason}", cancellationToken);
    }

    /// <summary>Rolls back the running rollout, or redeploys the release before the current one. Returns the rollout or run id.</summary>
    public async Task<string> RollbackAsync(string service, string by, string? reason, CancellationToken cancellationToken)
    {
        var view = View(service);
        if (journal.Read(s => s.ActiveRollout(service)) is { } active)
        {
            await journal.AppendAsync(new RollbackRequested(service, active.State.RolloutId, "manual", reason is null ? $"rollback requested by {by}" : $"{reason} (rollback requested by {by})", null), cancellationToken);
            return active.State.RolloutId;
        }

        var previous = view.Lifecycle.RollbackTarget()
            ?? throw new SlipwayProblemException(409, "Nothing to roll back to", $"Service '{service}' has no earlier promoted release.");
        await journal.AppendAsync(new DeployRequested(service, previous.Version, "rollback", by, reason is null ? $"rollback to {previous.Id} requested by {by}" : $"{reason} (rollback to {previous.Id} requested by {by})"), cancellationToken);
        return previous.RunId;
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
