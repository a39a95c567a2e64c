using Slipway.Core.Journal;
using Slipway.Core.Services;

namespace Slipway.Core.Tests.Services;

public sealed class ServicePlannerTests
{
    private const string Service = LifecycleScript.Service;

    [Fact]
    public void A_new_service_with_nothing_queued_is_idle()
    {
        var script = new LifecycleScript();

        Assert.IsType<ServiceAction.Idle>(script.Next());
    }

    [Fact]
    public void A_queued_run_is_built_then_its_release_is_rolled_out_then_the_service_is_idle()
    {
        var script = new LifecycleScript();
        script.Push("v1");

        script.RunToIdle();

        Assert.Collection(
            script.Actions,
            a => Assert.Equal("hello-1", Assert.IsType<ServiceAction.RunPipeline>(a).Run.RunId),
            a => Assert.Equal(("v1", "push"), (Assert.IsType<ServiceAction.StartRollout>(a).Release.Version, ((ServiceAction.StartRollout)a).Intent.Trigger)),
            a => Assert.Equal("hello-r1", Assert.IsType<ServiceAction.ResumeRollout>(a).RolloutId),
            a => Assert.IsType<ServiceAction.Idle>(a));
        Assert.Equal("v1", script.State.ProductionVersion);
        Assert.Equal(ReleaseState.Production, script.State.ReleaseOf("v1")!.State);
        Assert.Equal("hello-1", script.State.ReleaseOf("v1")!.RunId);
        Assert.Null(script.State.PendingDeploy);
    }

    [Fact]
    public void A_newer_push_supersedes_a_queued_run_so_only_the_newest_commit_is_built()
    {
        var script = new LifecycleScript();
        script.Push("v1");
        script.Push("v2");

        script.RunToIdle();

        Assert.Equal(RunStatus.Superseded, script.State.Run("hello-1")!.Status);
        Assert.Equal(["hello-2"], script.Actions.OfType<ServiceAction.RunPipeline>().Select(a => a.Run.RunId));
        Assert.Equal("v2", script.State.ProductionVersion);
    }

    [Fact]
    public void A_successful_pipeline_is_the_wish_to_deploy_so_a_crash_before_the_rollout_started_still_deploys_it()
    {
        var script = new LifecycleScript();
        script.Push("v1");
        script.Step(); // the pipeline: PipelineSucceeded is journaled, the server stops before RolloutStarted

        var restarted = LifecycleScript.Replay(script.Journal, liveInstances: 0);

        var start = Assert.IsType<ServiceAction.StartRollout>(restarted.Next());
        Assert.Equal("v1", start.Release.Version);
        Assert.Equal("hello-1", start.Release.RunId);
    }

    [Fact]
    public void A_run_still_running_at_start_up_is_abandoned_and_its_commit_queued_again()
    {
        var script = new LifecycleScript();
        script.Push("v1");
        script.Append(new PipelineStarted(Service, "hello-1", "v1"));

        var abandon = Assert.IsType<ServiceAction.AbandonInterruptedRun>(script.Next());

        Assert.Equal("hello-1", abandon.Run.RunId);
        Assert.True(abandon.Requeue);
        script.RunToIdle();
        Assert.Equal(RunStatus.Failed, script.State.Run("hello-1")!.Status);
        Assert.Equal(("v1", "resume"), (script.State.Run("hello-2")!.Commit, script.State.Run("hello-2")!.Trigger));
        Assert.Equal("v1", script.State.ProductionVersion);
    }

    [Fact]
    public void An_interrupted_run_is_not_queued_again_when_a_newer_run_is_already_queued()
    {
        var script = new LifecycleScript();
        script.Push("v1");
        script.Append(new PipelineStarted(Service, "hello-1", "v1"));
        script.Push("v2");

        var abandon = Assert.IsType<ServiceAction.AbandonInterruptedRun>(script.Next());

        Assert.False(abandon.Requeue);
        script.RunToIdle();
        Assert.Equal("v2", script.State.ProductionVersion);
        Assert.Equal(["hello-2"], script.Actions.OfType<ServiceAction.RunPipeline>().Select(a => a.Run.RunId));
    }

    [Fact]
    public void A_manual_deploy_of_a_built_release_during_a_queued_build_goes_first_and_the_queued_run_is_kept()
    {
        var script = Promoted("v1", "v2");
        script.Push("v3");
        script.Append(new DeployRequested(Service, "v1", "manual", "alice", "deploy requested by alice"));

        var first = Assert.IsType<ServiceAction.StartRollout>(script.Step());
        Assert.Equal(("v1", "manual", "alice"), (first.Release.Version, first.Intent.Trigger, first.Intent.By));
        Assert.Equal(RunStatus.Queued, script.State.Run("hello-3")!.Status);

        script.RunToIdle();

        Assert.Equal("v3", script.State.ProductionVersion);
        Assert.Equal(["hello-3"], script.Actions.OfType<ServiceAction.RunPipeline>().Select(a => a.Run.RunId));
    }

    [Fact]
    public void A_manual_rollback_redeploys_the_previous_release_and_retires_the_current_one()
    {
        var script = Promoted("v1", "v2");
        var target = script.State.RollbackTarget();
        Assert.Equal("v1", target!.Version);
        script.Append(new DeployRequested(Service, "v1", "rollback", "alice", "rollback"));

        script.RunToIdle();

        var start = script.Actions.OfType<ServiceAction.StartRollout>().Last();
        Assert.Equal(("v1", "rollback"), (start.Release.Version, start.Intent.Trigger));
        Assert.Equal("v1", script.State.ProductionVersion);
        Assert.Equal(ReleaseState.Retired, script.State.ReleaseOf("v2")!.State);
        Assert.Equal(ReleaseState.Production, script.State.ReleaseOf("v1")!.State);
    }

    [Fact]
    public void A_failed_watch_window_is_the_wish_to_redeploy_the_previous_release_and_survives_a_restart()
    {
        var script = Promoted("v1", "v2");
        script.Append(new WatchStarted(Service, "hello-r2", "v2", "{}"));
        Assert.Equal("hello-r2", ServicePlanner.WatchToResume(script.State));
        script.Append(new WatchFailed(Service, "hello-r2", "v2", "error ratio 5% vs 0%", null));

        var restarted = LifecycleScript.Replay(script.Journal, liveInstances: 3);

        var start = Assert.IsType<ServiceAction.StartRollout>(restarted.Next());
        Assert.Equal(("v1", "watch"), (start.Release.Version, start.Intent.Trigger));
        Assert.Null(ServicePlanner.WatchToResume(restarted.State));
        Assert.Equal(ReleaseState.RolledBack, restarted.State.ReleaseOf("v2")!.State);
        restarted.RunToIdle();
        Assert.Equal("v1", restarted.State.ProductionVersion);
        Assert.Equal(ReleaseState.RolledBack, restarted.State.ReleaseOf("v2")!.State);
    }

    [Fact]
    public void A_rolled_back_version_is_not_redeployed_by_a_push_but_can_be_deployed_by_hand()
    {
        var script = Promoted("v1");
        script.Bad.Add("v2");
        script.Push("v2");
        script.RunToIdle();
        Assert.Equal("v1", script.State.ProductionVersion);

        script.Append(new DeployRequested(Service, "v2", "resume", "push", "again"));
        var skip = Assert.IsType<ServiceAction.SkipDeploy>(script.Next());
        Assert.Contains("rolled back before", skip.Reason, StringComparison.Ordinal);

        script.Step();
        script.Bad.Clear();
        script.Append(new DeployRequested(Service, "v2", "manual", "alice", "by hand"));
        script.RunToIdle();
        Assert.Equal("v2", script.State.ProductionVersion);
    }

    [Fact]
    public void A_deploy_of_the_version_in_production_is_skipped_with_a_reason_and_clears()
    {
        var script = Promoted("v1");
        script.Append(new DeployRequested(Service, "v1", "manual", "alice", "again"));

        var skip = Assert.IsType<ServiceAction.SkipDeploy>(script.Step());

        Assert.Contains("already in production", skip.Reason, StringComparison.Ordinal);
        Assert.IsType<ServiceAction.Idle>(script.Next());
    }

    [Fact]
    public void A_rollout_under_way_is_resumed_before_anything_else()
    {
        var script = Promoted("v1");
        script.Push("v2");
        script.Step();
        script.Step(); // RolloutStarted hello-r2
        script.Push("v3");
        script.Append(new DeployRequested(Service, "v1", "manual", "alice", "meanwhile"));

        Assert.Equal("hello-r2", Assert.IsType<ServiceAction.ResumeRollout>(script.Next()).RolloutId);
    }

    [Fact]
    public void A_failed_build_deploys_nothing()
    {
        var script = Promoted("v1");
        script.Broken.Add("v2");
        script.Push("v2");

        script.RunToIdle();

        Assert.Equal("v1", script.State.ProductionVersion);
        Assert.Null(script.State.ReleaseOf("v2"));
        Assert.Equal(RunStatus.Failed, script.State.Run("hello-2")!.Status);
    }

    [Fact]
    public void A_restart_after_any_event_ends_in_the_same_production_with_no_release_built_or_rolled_out_twice()
    {
        // The whole story once, without a crash: v1 promoted, v2 rolled back by the judge, v3 promoted,
        // a manual rollback to v1, then v4 and a failed watch window that goes back to v1.
        var reference = Story(crashAfter: null);
        for (var crashAfter = 1; crashAfter < reference.Journal.Count; crashAfter++)
        {
            var script = Story(crashAfter);

            Assert.Equal(reference.State.ProductionVersion, script.State.ProductionVersion);
            var built = script.Journal.OfType<PipelineSucceeded>().GroupBy(e => e.Commit).Where(g => g.Count() > 1).Select(g => g.Key);
            Assert.True(!built.Any(), $"crash after event {crashAfter}: built twice: {string.Join(",", built)}");
            // A run cut short is built again under the trigger "resume"; otherwise the same rollouts, once each.
            static (string, string) Of(RolloutStarted r) => (r.Version, r.Trigger == "resume" ? "push" : r.Trigger);
            Assert.Equal(reference.Journal.OfType<RolloutStarted>().Select(Of), script.Journal.OfType<RolloutStarted>().Select(Of));
        }
    }

    /// <summary>
    /// Runs the story, with the server "killed" once the journal holds <paramref name="crashAfter"/> events: the events
    /// after that point are lost (the crash cut the action short) and a replay of the rest continues the story.
    /// </summary>
    private static LifecycleScript Story(int? crashAfter)
    {
        var script = new LifecycleScript();
        script.Bad.Add("v2");
        script.Push("v1");
        Drive(ref script, ref crashAfter);
        script.Push("v2");
        Drive(ref script, ref crashAfter);
        script.Push("v3");
        Drive(ref script, ref crashAfter);
        script.Append(new DeployRequested(Service, "v1", "rollback", "alice", "rollback"));
        Drive(ref script, ref crashAfter);
        script.Push("v4");
        Drive(ref script, ref crashAfter);
        var watched = script.Journal.OfType<RolloutStarted>().Last().RolloutId;
        script.Append(new WatchStarted(Service, watched, "v4", "{}"));
        script.Append(new WatchFailed(Service, watched, "v4", "regressed", null));
        Drive(ref script, ref crashAfter);
        return script;
    }

    private static void Drive(ref LifecycleScript script, ref int? crashAfter)
    {
        // What came in before the driver acted (a push, a request answered 202) is journaled: a crash never loses it.
        var acknowledged = script.Journal.Count;
        for (var i = 0; i < 100; i++)
        {
            if (crashAfter is { } n && script.Journal.Count >= n)
            {
                var kept = script.Journal.Take(Math.Max(n, acknowledged)).ToList();
                var live = kept.OfType<RolloutPromoted>().Any() ? 3 : 0;
                var bad = script.Bad.ToList();
                script = LifecycleScript.Replay(kept, live);
                script.Bad.UnionWith(bad);
                crashAfter = null;
            }

            if (script.Step() is ServiceAction.Idle)
            {
                return;
            }
        }

        throw new InvalidOperationException("the planner did not become idle");
    }

    private static LifecycleScript Promoted(params string[] versions)
    {
        var script = new LifecycleScript();
        foreach (var version in versions)
        {
            script.Push(version);
            script.RunToIdle();
        }

        script.Actions.Clear();
        return script;
    }
}
