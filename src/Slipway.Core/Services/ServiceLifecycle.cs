using System.Collections.Immutable;
using Slipway.Core.Journal;

namespace Slipway.Core.Services;

/// <summary>
/// One service's lifecycle, projected from its journal events: its runs, its releases, the deploy it was asked for
/// and the rollout under way. Immutable: <see cref="Apply"/> returns the next state, so a reader can keep a snapshot.
/// The <see cref="ServicePlanner"/> reads only this, so what the server does next follows from the journal alone.
/// </summary>
public sealed record ServiceLifecycle
{
    private ServiceLifecycle(string service) => Service = service;

    public string Service { get; }

    public bool Paused { get; private init; }

    /// <summary>Every run, in the order it was queued.</summary>
    public ImmutableList<RunRecord> Runs { get; private init; } = [];

    /// <summary>Every release built, by version (commit).</summary>
    public ImmutableDictionary<string, Release> Releases { get; private init; } = ImmutableDictionary.Create<string, Release>(StringComparer.Ordinal);

    /// <summary>Versions that were promoted, oldest first (a version appears again when it is promoted again).</summary>
    public ImmutableList<string> ProductionHistory { get; private init; } = [];

    public DeployIntent? PendingDeploy { get; private init; }

    public string? ActiveRolloutId { get; private init; }

    public string? ProductionVersion { get; private init; }

    /// <summary>Versions whose rollout or watch window failed: not redeployed automatically.</summary>
    public ImmutableHashSet<string> RolledBackVersions { get; private init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>The promoted rollout whose watch window began and has not ended.</summary>
    public string? OpenWatchRolloutId { get; private init; }

    /// <summary>The version each rollout replaced, by rollout id: where a failed watch window goes back to.</summary>
    public ImmutableDictionary<string, string?> PreviousVersions { get; private init; } = ImmutableDictionary.Create<string, string?>(StringComparer.Ordinal);

    public int RolloutCount { get; private init; }

    /// <summary>Every contract migration a release carried, oldest first, with where it is (waiting, applied, …).</summary>
    public ImmutableList<ContractMigration> Contracts { get; private init; } = [];

    /// <summary>The contracts that may run now: their release is promoted and watched (or acknowledged), and they have not run.</summary>
    public IReadOnlyList<ContractMigration> ReadyContracts() => Contracts.Where(c => c.Ready).ToList();

    /// <param name="rolloutsBefore">Rollouts numbered by earlier registrations of the name, so rollout ids never repeat.</param>
    public static ServiceLifecycle Create(string service, int rolloutsBefore = 0) => new(service) { RolloutCount = rolloutsBefore };

    public Release? ReleaseOf(string version) => Releases.GetValueOrDefault(version);

    public RunRecord? Run(string runId) => Runs.Find(r => r.RunId == runId);

    /// <summary>The release a rollback returns to: the last one in production before the current one, if still good.</summary>
    public Release? RollbackTarget()
    {
        for (var i = ProductionHistory.Count - 1; i >= 0; i--)
        {
            var version = ProductionHistory[i];
            if (version != ProductionVersion && !RolledBackVersions.Contains(version) && Releases.GetValueOrDefault(version) is { } release)
            {
                return release;
            }
        }

        return null;
    }

    /// <summary>The next state after <paramref name="e"/>; events of other services or other concerns change nothing.</summary>
    public ServiceLifecycle Apply(SlipwayEvent e, DateTimeOffset at)
    {
        if (e.Service != Service)
        {
            return this;
        }

        var next = e switch
        {
            ServicePaused => this with { Paused = true },
            ServiceResumed => this with { Paused = false },
            PipelineQueued q => this with { Runs = Runs.Add(new RunRecord(q.RunId, q.Commit, q.Trigger, q.By ?? q.Trigger, RunStatus.Queued)) },
            PipelineSuperseded s => WithRun(s.RunId, RunStatus.Superseded),
            PipelineStarted s => WithRun(s.RunId, RunStatus.Running),
            PipelineFailed f => WithRun(f.RunId, RunStatus.Failed),
            PipelineSucceeded s => Built(s, at),
            DeployRequested d => this with { PendingDeploy = new DeployIntent(d.Version, d.Trigger, d.By, d.Reason) },
            DeploySkipped d when PendingDeploy?.Version == d.Version => this with { PendingDeploy = null },
            RolloutStarted r => this with
            {
                ActiveRolloutId = r.RolloutId,
                RolloutCount = RolloutCount + 1,
                OpenWatchRolloutId = null,
                PendingDeploy = PendingDeploy?.Version == r.Version ? null : PendingDeploy,
                PreviousVersions = PreviousVersions.SetItem(r.RolloutId, r.PreviousVersion),
                Releases = WithReleaseState(Releases, r.Version, ReleaseState.RollingOut),
            },
            RolloutPromoted p when p.RolloutId == ActiveRolloutId => Promoted(p),
            RolloutRolledBack rb when rb.RolloutId == ActiveRolloutId => this with
            {
                ActiveRolloutId = null,
                RolledBackVersions = RolledBackVersions.Add(rb.Version),
                Releases = WithReleaseState(Releases, rb.Version, ReleaseState.RolledBack),
            },
            WatchStarted w => this with { OpenWatchRolloutId = w.RolloutId },
            WatchPassed w when w.RolloutId == OpenWatchRolloutId => this with { OpenWatchRolloutId = null },
            WatchFailed w => WatchFailed(w),
            _ => this,
        };
        return next.WithContracts(e);
    }

    /// <summary>How an event moves the contract migrations: made by the migrate step, moved by the release's rollout and watch.</summary>
    private ServiceLifecycle WithContracts(SlipwayEvent e)
    {
        ContractMigration Update(ContractMigration c) => e switch
        {
            ContractMigrationsWaiting w when c.State == ContractState.Waiting && w.Contracts.Any(n => n.File == c.File) =>
                c with { State = ContractState.Superseded, Note = $"carried again by run {w.RunId}" },
            RolloutStarted r when c.State == ContractState.Waiting && c.Version != r.Version =>
                c with { State = ContractState.Superseded, Note = $"rollout {r.RolloutId} of {Short(r.Version)} started before it could run" },
            RolloutStarted r when c.State == ContractState.Waiting => c with { Promoted = false, Watched = false, WatchRequired = WatchRequired(r) },
            RolloutPromoted p when c.State == ContractState.Waiting && c.Version == p.Version => c with { Promoted = true },
            RolloutRolledBack rb when c.State == ContractState.Waiting && c.Version == rb.Version =>
                c with { State = ContractState.Dropped, Note = $"its release was rolled back ({rb.Reason})" },
            WatchPassed w when c.State == ContractState.Waiting && c.Version == w.Version && c.Promoted => c with { Watched = true },
            WatchFailed w when c.State == ContractState.Waiting && c.Version == w.Version =>
                c with { State = ContractState.Dropped, Note = "its release's watch window failed" },
            MigrationApplied a when a.Phase == "contract" && a.File == c.File && c.State is ContractState.Waiting or ContractState.Failed =>
                c with { State = ContractState.Applied, Note = $"applied by {a.RunId}" },
            ContractMigrationFailed f when f.File == c.File && f.RunId == c.RunId && c.State == ContractState.Waiting =>
                c with { State = ContractState.Failed, Note = f.Message },
            ContractMigrationAcknowledged a when a.File == c.File && a.RunId == c.RunId && c.State is ContractState.Waiting or ContractState.Failed =>
                c with { State = ContractState.Waiting, AcknowledgedBy = a.By, AcknowledgedReason = a.Reason, Note = null },
            _ => c,
        };

        if (e is not (ContractMigrationsWaiting or RolloutStarted or RolloutPromoted or RolloutRolledBack or WatchPassed or Journal.WatchFailed
            or MigrationApplied or ContractMigrationFailed or ContractMigrationAcknowledged))
        {
            return this;
        }

        var contracts = Contracts.Select(Update).ToImmutableList();
        if (e is ContractMigrationsWaiting waiting)
        {
            contracts = contracts.AddRange(waiting.Contracts.Select(c => new ContractMigration(waiting.RunId, waiting.Commit, c.File, c.Checksum, c.Sql)));
        }

        return this with { Contracts = contracts };
    }

    /// <summary>Whether the release watch runs for this rollout (as ReleaseWatch decides): a previous version, a window, not shadow.</summary>
    private static bool WatchRequired(RolloutStarted r)
    {
        if (r.PreviousVersion is null)
        {
            return false;
        }

        var judge = Config.SlipwayConfigParser.Parse(r.ConfigYaml).Config?.Judge;
        return judge is null || (!judge.Shadow && judge.WatchWindow > TimeSpan.Zero);
    }

    private static string Short(string version) => version[..Math.Min(7, version.Length)];

    private ServiceLifecycle WithRun(string runId, RunStatus status)
    {
        var index = Runs.FindIndex(r => r.RunId == runId);
        return index < 0 ? this : this with { Runs = Runs.SetItem(index, Runs[index] with { Status = status }) };
    }

    private ServiceLifecycle Built(PipelineSucceeded s, DateTimeOffset at)
    {
        var next = WithRun(s.RunId, RunStatus.Succeeded);
        var run = next.Run(s.RunId);
        var release = new Release(Service, s.Commit, s.ArtifactDigest, s.RunId, s.ConfigYaml, ReleaseState.Built, at);
        if (next.Releases.GetValueOrDefault(s.Commit) is { } existing)
        {
            // Built again (an older journal could do that): the new artifact, the state it had.
            release = release with { State = existing.State };
        }

        // A successful pipeline is itself the wish to deploy what it built: no gap between "built" and "asked for".
        return next with
        {
            Releases = next.Releases.SetItem(s.Commit, release),
            PendingDeploy = new DeployIntent(s.Commit, run?.Trigger ?? "push", run?.By ?? "push", $"built by {s.RunId}"),
        };
    }

    private ServiceLifecycle Promoted(RolloutPromoted p)
    {
        var releases = Releases;
        if (ProductionVersion is { } old && old != p.Version && releases.GetValueOrDefault(old)?.State == ReleaseState.Production)
        {
            releases = WithReleaseState(releases, old, ReleaseState.Retired);
        }

        return this with
        {
            ActiveRolloutId = null,
            ProductionVersion = p.Version,
            ProductionHistory = ProductionHistory.Add(p.Version),
            Releases = WithReleaseState(releases, p.Version, ReleaseState.Production),
        };
    }

    private ServiceLifecycle WatchFailed(WatchFailed w)
    {
        // The watch window's verdict is also the wish to go back: the redeploy survives a crash that follows it.
        var previous = PreviousVersions.GetValueOrDefault(w.RolloutId);
        return this with
        {
            OpenWatchRolloutId = OpenWatchRolloutId == w.RolloutId ? null : OpenWatchRolloutId,
            RolledBackVersions = RolledBackVersions.Add(w.Version),
            Releases = WithReleaseState(Releases, w.Version, ReleaseState.RolledBack),
            PendingDeploy = previous is not null && Releases.ContainsKey(previous)
                ? new DeployIntent(previous, "watch", "immune system", $"watch window of {w.RolloutId} failed: {w.Summary}")
                : PendingDeploy,
        };
    }

    private static ImmutableDictionary<string, Release> WithReleaseState(ImmutableDictionary<string, Release> releases, string version, ReleaseState state) =>
        releases.TryGetValue(version, out var release) ? releases.SetItem(version, release with { State = state }) : releases;
}
