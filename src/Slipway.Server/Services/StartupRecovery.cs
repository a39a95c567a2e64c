using Slipway.Core.Services;
using Slipway.Server.Journal;

namespace Slipway.Server.Services;

/// <summary>
/// Start-up after the journal is loaded: replay is done, so each service's driver asks the planner what is next
/// (an interrupted run, a rollout to resume, a pending deploy), and an open watch window is watched again.
/// </summary>
internal sealed class StartupRecovery(EventJournal journal, ServiceCoordinator coordinator, RepositoryWatcher watcher, Pipelines.ArtifactRetention retention)
{
    public void Start(CancellationToken stopping)
    {
        retention.DeleteLeftoverWorkspaces();
        retention.Prune();
        coordinator.Initialize(stopping);
        var services = journal.Read(s => s.Services.Values.Select(v => (v.Name, Watch: ServicePlanner.WatchToResume(v.Lifecycle))).ToList());
        foreach (var (service, watch) in services)
        {
            if (watch is not null)
            {
                coordinator.StartWatch(service, watch);
            }

            coordinator.Start(service);
            watcher.Start(service, stopping);
        }
    }
}
