namespace Slipway.Core.Services;

/// <summary>
/// Which artifacts to keep: the newest <c>keep</c> releases of each service, and whatever may still run — the
/// production release, a rollout under way, the release a rollback returns to, a pending deploy. Everything else
/// can be deleted. Pure, so the rule is tested without a disk.
/// </summary>
public static class ReleaseRetention
{
    public static IReadOnlySet<string> DigestsToKeep(IEnumerable<ServiceLifecycle> services, IEnumerable<string> runningDigests, int keep)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(runningDigests);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var digests = new HashSet<string>(runningDigests, StringComparer.Ordinal);
        foreach (var service in services)
        {
            digests.UnionWith(service.Releases.Values.OrderByDescending(r => r.BuiltAt).Take(keep).Select(r => r.ArtifactDigest));
            digests.UnionWith(service.Releases.Values.Where(r => r.State is ReleaseState.Production or ReleaseState.RollingOut).Select(r => r.ArtifactDigest));
            if (service.RollbackTarget() is { } target)
            {
                digests.Add(target.ArtifactDigest);
            }

            if (service.PendingDeploy is { } pending && service.ReleaseOf(pending.Version) is { } wanted)
            {
                digests.Add(wanted.ArtifactDigest);
            }
        }

        return digests;
    }
}
