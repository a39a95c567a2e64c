using Slipway.Core.Journal;
using Slipway.Core.Services;

namespace Slipway.Core.Tests.Services;

public sealed class ReleaseRetentionTests
{
    [Fact]
    public void Only_the_newest_releases_are_kept_beyond_what_may_still_run()
    {
        var script = new LifecycleScript();
        foreach (var version in new[] { "v1", "v2", "v3", "v4", "v5" })
        {
            script.Push(version);
            script.RunToIdle();
        }

        var keep = ReleaseRetention.DigestsToKeep([script.State], [], keep: 2);

        // v5 is in production and v4 is the newest after it (and the rollback target); v1–v3 can go.
        Assert.Equal(["sha256-v4", "sha256-v5"], keep.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_rollback_target_a_pending_deploy_and_running_instances_are_kept_however_old()
    {
        var script = new LifecycleScript();
        script.Bad.Add("v3");
        foreach (var version in new[] { "v1", "v2", "v3", "v4" })
        {
            script.Push(version);
            script.RunToIdle();
        }

        script.Append(new DeployRequested(LifecycleScript.Service, "v1", "manual", "alice", "old one"));

        var keep = ReleaseRetention.DigestsToKeep([script.State], ["sha256-old-instance"], keep: 1);

        // v4 production (newest), v2 the rollback target (v3 was rolled back), v1 pending, and what instances run.
        Assert.Equal(["sha256-old-instance", "sha256-v1", "sha256-v2", "sha256-v4"], keep.Order(StringComparer.Ordinal));
    }
}
