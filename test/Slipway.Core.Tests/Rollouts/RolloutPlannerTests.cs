using Slipway.Core.Journal;
using Slipway.Core.Rollouts;

namespace Slipway.Core.Tests.Rollouts;

public sealed class RolloutPlannerTests
{
    [Fact]
    public void Waves_of_1_2_4_for_7_instances_start_selftest_route_bake_retire_each_wave_then_promote()
    {
        var script = RolloutScript.Create(instances: 7, waves: [1, 2, 4]);

        var last = script.RunToEnd();

        Assert.Equal(
            [
                "StartWave 0 x1", "SelfTest [hello-r2-1]", "Route [hello-r2-1]", "Bake 0", "Retire 0 [hello-r1-1]",
                "StartWave 1 x2", "SelfTest [hello-r2-2,hello-r2-3]", "Route [hello-r2-2,hello-r2-3]", "Bake 1", "Retire 1 [hello-r1-2,hello-r1-3]",
                "StartWave 2 x4", "SelfTest [hello-r2-4,hello-r2-5,hello-r2-6,hello-r2-7]", "Route [hello-r2-4,hello-r2-5,hello-r2-6,hello-r2-7]", "Bake 2",
                "Retire 2 [hello-r1-4,hello-r1-5,hello-r1-6,hello-r1-7]",
                "Promote", "Done Promoted",
            ],
            script.Actions.Select(ActionText.Of));
        Assert.Equal(new RolloutAction.Done(RolloutOutcome.Promoted), last);
        Assert.Empty(script.State.OldInstances);
        Assert.Equal(7, script.State.NewInstances.Count);
    }

    [Fact]
    public void Each_wave_retires_as_many_old_instances_as_it_added_so_capacity_never_drops_below_n()
    {
        var script = RolloutScript.Create(instances: 7, waves: [1, 2, 4]);

        while (script.Next() is not RolloutAction.Done)
        {
            var action = script.Step();
            var serving = script.State.OldInstances.Count + script.State.NewInstances.Count;
            Assert.True(serving >= 7, $"after {ActionText.Of(action)} only {serving} instances serve");
        }

        var retired = script.Actions.OfType<RolloutAction.Retire>().Select(r => r.OldInstanceIds.Count);
        Assert.Equal([1, 2, 4], retired);
    }

    [Fact]
    public void Self_test_failure_in_wave_one_starts_a_rollback_without_replacements()
    {
        var script = RolloutScript.Create();
        script.FailingSelfTests.Add("hello-r2-1");

        var next = script.RunUntil(a => a is RolloutAction.StartRollback);

        var rollback = Assert.IsType<RolloutAction.StartRollback>(next);
        Assert.Equal("selftest", rollback.Reason);
        Assert.Equal(0, rollback.ReplacementCount);
        Assert.Equal(7, script.State.OldInstances.Count);
        Assert.DoesNotContain(script.Actions, a => a is RolloutAction.Route);
        Assert.StartsWith("self-test failed on hello-r2-1", script.State.RollbackSummary, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_test_failure_in_wave_two_replaces_the_old_instance_that_wave_one_retired()
    {
        var script = RolloutScript.Create();
        script.FailingSelfTests.Add("hello-r2-3");

        var rollback = Assert.IsType<RolloutAction.StartRollback>(script.RunUntil(a => a is RolloutAction.StartRollback));

        Assert.Equal("selftest", rollback.Reason);
        Assert.Equal(1, rollback.ReplacementCount);
        Assert.Equal(6, script.State.OldInstances.Count);
    }

    [Fact]
    public void Self_test_failure_in_wave_three_replaces_the_three_old_instances_already_retired()
    {
        var script = RolloutScript.Create();
        script.FailingSelfTests.Add("hello-r2-6");

        var rollback = Assert.IsType<RolloutAction.StartRollback>(script.RunUntil(a => a is RolloutAction.StartRollback));

        Assert.Equal(3, rollback.ReplacementCount);
    }

    [Fact]
    public void Rollback_brings_the_old_version_back_to_full_strength_and_removes_every_new_instance()
    {
        var script = RolloutScript.Create();
        script.FailingSelfTests.Add("hello-r2-3");

        var last = script.RunToEnd();

        Assert.Equal(new RolloutAction.Done(RolloutOutcome.RolledBack), last);
        var finish = Assert.Single(script.Actions.OfType<RolloutAction.FinishRollback>());
        Assert.Equal(["hello-r2-1", "hello-r2-2", "hello-r2-3"], finish.NewInstanceIds);
        Assert.Equal(["hello-r2-back-1"], finish.ReplacementIds);
        Assert.Equal(7, script.State.OldInstances.Count + finish.ReplacementIds.Count);
        Assert.Equal("selftest", script.State.RollbackReason);
    }

    [Fact]
    public void Rollback_self_tests_the_replacements_before_finishing()
    {
        var script = RolloutScript.Create();
        script.FailingSelfTests.Add("hello-r2-4");

        script.RunToEnd();

        var kinds = script.Actions.Select(ActionText.Kind).SkipWhile(k => k != nameof(RolloutAction.StartRollback)).ToList();
        Assert.Equal([nameof(RolloutAction.StartRollback), nameof(RolloutAction.SelfTestReplacements), nameof(RolloutAction.FinishRollback), nameof(RolloutAction.Done)], kinds);
        var tested = Assert.Single(script.Actions.OfType<RolloutAction.SelfTestReplacements>());
        Assert.Equal(["hello-r2-back-1", "hello-r2-back-2", "hello-r2-back-3"], tested.InstanceIds);
    }

    [Fact]
    public void A_replacement_that_fails_its_self_test_is_not_routed_when_the_rollback_finishes()
    {
        var script = RolloutScript.Create();
        script.FailingSelfTests.Add("hello-r2-4");
        script.FailingSelfTests.Add("hello-r2-back-2");

        script.RunToEnd();

        var finish = Assert.Single(script.Actions.OfType<RolloutAction.FinishRollback>());
        Assert.Equal(["hello-r2-back-1", "hello-r2-back-3"], finish.ReplacementIds);
        Assert.Equal(RolloutOutcome.RolledBack, script.State.Outcome);
    }

    [Fact]
    public void A_rollback_verdict_from_the_bake_rolls_back_with_the_gates_reason()
    {
        var script = RolloutScript.Create();
        script.BakeRollbacks[1] = "errors";

        var rollback = Assert.IsType<RolloutAction.StartRollback>(script.RunUntil(a => a is RolloutAction.StartRollback));

        Assert.Equal("errors", rollback.Reason);
        Assert.Equal(1, rollback.ReplacementCount);
        Assert.Equal("errors during the bake", script.State.RollbackSummary);
        Assert.DoesNotContain(script.Actions, a => a is RolloutAction.Retire { Wave: 1 });
    }

    [Fact]
    public void A_rollback_verdict_in_the_first_bake_needs_no_replacements()
    {
        var script = RolloutScript.Create();
        script.BakeRollbacks[0] = "crash";

        var rollback = Assert.IsType<RolloutAction.StartRollback>(script.RunUntil(a => a is RolloutAction.StartRollback));

        Assert.Equal(new RolloutAction.StartRollback("crash", 0), rollback);
    }

    [Fact]
    public void A_manual_rollback_request_during_the_bake_rolls_back_instead_of_baking()
    {
        var script = RolloutScript.Create();
        script.RunUntil(a => a is RolloutAction.Bake { Wave: 2 });

        script.Apply(new RollbackRequested(RolloutScript.Service, RolloutScript.RolloutId, "manual", "rollback requested by api", null));

        Assert.Equal(new RolloutAction.StartRollback("manual", 3), script.Next());
    }

    [Fact]
    public void Pause_holds_the_rollout_before_a_new_wave()
    {
        var script = RolloutScript.Create();
        script.Paused = true;

        Assert.IsType<RolloutAction.WaitWhilePaused>(script.Next());

        script.Paused = false;
        script.RunUntil(a => a is RolloutAction.StartWave { Wave: 1 });
        script.Paused = true;
        Assert.IsType<RolloutAction.WaitWhilePaused>(script.Next());
    }

    [Fact]
    public void Pause_does_not_hold_a_wave_that_already_started()
    {
        var script = RolloutScript.Create();
        script.Step();
        script.Paused = true;

        Assert.Equal(
            ["SelfTest [hello-r2-1]", "Route [hello-r2-1]", "Bake 0", "Retire 0 [hello-r1-1]", "WaitWhilePaused"],
            Enumerable.Range(0, 5).Select(_ => ActionText.Of(script.Step())));
    }

    [Fact]
    public void Pause_does_not_hold_a_rollback_or_the_promotion()
    {
        var failing = RolloutScript.Create();
        failing.FailingSelfTests.Add("hello-r2-1");
        failing.RunUntil(a => a is RolloutAction.StartRollback);
        failing.Paused = true;
        Assert.IsType<RolloutAction.StartRollback>(failing.Next());

        var passing = RolloutScript.Create();
        passing.RunUntil(a => a is RolloutAction.Promote);
        passing.Paused = true;
        Assert.IsType<RolloutAction.Promote>(passing.Next());
    }

    [Fact]
    public void First_deploy_retires_nothing_and_promotes()
    {
        var script = RolloutScript.Create(firstDeploy: true);

        Assert.Equal(new RolloutAction.Done(RolloutOutcome.Promoted), script.RunToEnd());
        Assert.All(script.Actions.OfType<RolloutAction.Retire>(), r => Assert.Empty(r.OldInstanceIds));
    }

    [Theory]
    [InlineData("hello-r2-1")]
    [InlineData("hello-r2-2")]
    [InlineData("hello-r2-7")]
    public void First_deploy_never_asks_for_replacements_when_it_rolls_back(string failing)
    {
        var script = RolloutScript.Create(firstDeploy: true);
        script.FailingSelfTests.Add(failing);

        script.RunToEnd();

        var rollback = Assert.Single(script.Actions.OfType<RolloutAction.StartRollback>());
        Assert.Equal(0, rollback.ReplacementCount);
        Assert.Equal(RolloutOutcome.RolledBack, script.State.Outcome);
        Assert.Empty(Assert.Single(script.Actions.OfType<RolloutAction.FinishRollback>()).ReplacementIds);
    }

    [Fact]
    public void A_single_instance_rollout_is_one_wave()
    {
        var script = RolloutScript.Create(instances: 1, waves: [1]);

        script.RunToEnd();

        Assert.Equal(
            ["StartWave 0 x1", "SelfTest [hello-r2-1]", "Route [hello-r2-1]", "Bake 0", "Retire 0 [hello-r1-1]", "Promote", "Done Promoted"],
            script.Actions.Select(ActionText.Of));
    }

    [Fact]
    public void A_finished_rollout_is_done_whatever_happens_next()
    {
        var script = RolloutScript.Create();
        script.RunToEnd();

        script.Apply(new SelfTestFailed(RolloutScript.Service, RolloutScript.RolloutId, "hello-r2-1", 500, 1, "late", string.Empty));
        script.Apply(new RollbackRequested(RolloutScript.Service, RolloutScript.RolloutId, "manual", "too late", null));

        Assert.Equal(new RolloutAction.Done(RolloutOutcome.Promoted), script.Next());
    }

    [Fact]
    public void The_planner_rejects_a_missing_state()
    {
        Assert.Throws<ArgumentNullException>(() => RolloutPlanner.Next(null!, paused: false));
    }
}
