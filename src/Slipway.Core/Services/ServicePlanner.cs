namespace Slipway.Core.Services;

/// <summary>
/// Decides what a service does next from its journaled state alone: no I/O, no clock. The driver asks only when it is
/// idle, performs the action, journals the result and asks again, so a restart at any point is "replay, then ask".
/// </summary>
public static class ServicePlanner
{
    /// <param name="service">The service's lifecycle, projected from the journal.</param>
    /// <param name="liveInstances">How many instances of the service the fleet runs now.</param>
    public static ServiceAction Next(ServiceLifecycle service, int liveInstances)
    {
        ArgumentNullException.ThrowIfNull(service);

        // One thing at a time: a rollout under way is finished first (after a restart, it resumes).
        if (service.ActiveRolloutId is { } rollout)
        {
            return new ServiceAction.ResumeRollout(rollout);
        }

        // The driver is idle, so a run still marked running was cut short by a stop.
        var runs = service.Runs;
        var interrupted = runs.FindIndex(r => r.Status == RunStatus.Running);
        if (interrupted >= 0)
        {
            var newerQueued = runs.FindIndex(interrupted + 1, r => r.Status == RunStatus.Queued) >= 0;
            return new ServiceAction.AbandonInterruptedRun(runs[interrupted], Requeue: !newerQueued);
        }

        // A contract whose release is promoted and watched runs before anything new starts: no older instance is left now.
        if (service.ReadyContracts() is { Count: > 0 } ready)
        {
            return new ServiceAction.RunContracts(ready);
        }

        if (service.PendingDeploy is { } intent)
        {
            return Deploy(service, intent, liveInstances);
        }

        var queued = runs.Find(r => r.Status == RunStatus.Queued);
        return queued is null ? new ServiceAction.Idle() : new ServiceAction.RunPipeline(queued);
    }

    /// <summary>The promoted rollout whose watch window should be running, if any.</summary>
    public static string? WatchToResume(ServiceLifecycle service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.ActiveRolloutId is null ? service.OpenWatchRolloutId : null;
    }

    private static ServiceAction Deploy(ServiceLifecycle service, DeployIntent intent, int liveInstances)
    {
        if (service.ReleaseOf(intent.Version) is not { } release)
        {
            return new ServiceAction.SkipDeploy(intent, $"no built release of {Short(intent.Version)}");
        }

        if (intent.Version == service.ProductionVersion && liveInstances > 0)
        {
            return new ServiceAction.SkipDeploy(intent, $"{Short(intent.Version)} is already in production");
        }

        // A version the immune system or a self-test rejected is not brought back by a new push or a restart;
        // a person can still deploy it by hand.
        if (intent.Trigger is "push" or "resume" && service.RolledBackVersions.Contains(intent.Version))
        {
            return new ServiceAction.SkipDeploy(intent, $"{Short(intent.Version)} was rolled back before; it is not redeployed automatically");
        }

        return new ServiceAction.StartRollout(release, intent);
    }

    private static string Short(string version) => version[..Math.Min(7, version.Length)];
}
