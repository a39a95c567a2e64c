using Slipway.Core.Journal;
using Slipway.Core.Rollouts;

namespace Slipway.Core.Tests.Rollouts;

public sealed class RolloutStateTests
{
    public static TheoryData<string> Scenarios => ["promoted", "selftest in wave 1", "selftest in wave 3", "bake rollback in wave 2", "first deploy"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Replaying_the_events_at_any_point_gives_the_same_next_action(string scenario)
    {
        var script = Scenario(scenario);

        while (script.Next() is not RolloutAction.Done)
        {
            var replayed = RolloutState.Replay(script.Events);

            Assert.Equal(ActionText.Of(script.Next()), ActionText.Of(RolloutPlanner.Next(replayed, paused: false)));
            script.Step();
        }

        Assert.Equal(script.State.Outcome, RolloutState.Replay(script.Events).Outcome);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Replaying_the_events_so_far_rebuilds_the_state_the_live_rollout_has(string scenario)
    {
        var script = Scenario(scenario);

        while (script.Next() is not RolloutAction.Done)
        {
            script.Step();

            Assert.Equal(Snapshot(script.State), Snapshot(RolloutState.Replay(script.Events)));
        }
    }

    [Fact]
    public void A_crash_between_two_self_test_results_resumes_by_testing_only_the_untested_instance()
    {
        var script = RolloutScript.Create();
        script.RunUntil(a => a is RolloutAction.SelfTest { InstanceIds.Count: 2 });
        script.Apply(new SelfTestPassed(RolloutScript.Service, RolloutScript.RolloutId, "hello-r2-2", 200, 0.1, "{}"));

        var resumed = RolloutState.Replay(script.Events);

        var next = Assert.IsType<RolloutAction.SelfTest>(RolloutPlanner.Next(resumed, paused: false));
        Assert.Equal(["hello-r2-3"], next.InstanceIds);
    }

    [Fact]
    public void A_crash_during_a_bake_resumes_by_baking_the_same_wave_again()
    {
        var script = RolloutScript.Create();
        script.RunUntil(a => a is RolloutAction.Bake { Wave: 1 });

        var resumed = RolloutState.Replay(script.Events);

        Assert.Equal(new RolloutAction.Bake(1), RolloutPlanner.Next(resumed, paused: false));
        Assert.Equal(WavePhase.Routed, resumed.Phase);
        Assert.Equal(6, resumed.OldInstances.Count);
    }

    [Fact]
    public void A_crash_after_a_wave_started_resumes_without_starting_its_instances_again()
    {
        var script = RolloutScript.Create();
        script.RunUntil(a => a is RolloutAction.StartWave { Wave: 1 });
        script.Step();

        var resumed = RolloutState.Replay(script.Events);

        Assert.IsType<RolloutAction.SelfTest>(RolloutPlanner.Next(resumed, paused: false));
        Assert.Equal(["hello-r2-1", "hello-r2-2", "hello-r2-3"], resumed.NewInstances);
    }

    [Fact]
    public void A_crash_during_a_rollback_resumes_the_rollback()
    {
        var script = RolloutScript.Create();
        script.FailingSelfTests.Add("hello-r2-5");
        script.RunUntil(a => a is RolloutAction.SelfTestReplacements);

        var resumed = RolloutState.Replay(script.Events);

        Assert.Equal(RolloutOutcome.RollingBack, resumed.Outcome);
        var next = Assert.IsType<RolloutAction.SelfTestReplacements>(RolloutPlanner.Next(resumed, paused: false));
        Assert.Equal(["hello-r2-back-1", "hello-r2-back-2", "hello-r2-back-3"], next.InstanceIds);
    }

    [Fact]
    public void Events_of_another_rollout_or_service_change_nothing()
    {
        var script = RolloutScript.Create();
        script.RunUntil(a => a is RolloutAction.Bake);
        var before = Snapshot(script.State);

        script.Apply(new SelfTestFailed(RolloutScript.Service, "hello-r9", "hello-r2-1", 500, 1, "other rollout", string.Empty));
        script.Apply(new RollbackRequested(RolloutScript.Service, "hello-r9", "manual", "other rollout", null));
        script.Apply(new WaveCompleted(RolloutScript.Service, "hello-r9", 0, ["hello-r1-1"]));
        script.Apply(new InstancesUnrouted("other-service", ["hello-r2-1"]));
        script.Apply(new ServicePaused(RolloutScript.Service, "test"));

        Assert.Equal(before, Snapshot(script.State));
        Assert.Equal(new RolloutAction.Bake(0), script.Next());
    }

    [Fact]
    public void A_promote_verdict_moves_the_wave_on_and_a_rollback_verdict_does_not()
    {
        var promote = RolloutScript.Create();
        promote.RunUntil(a => a is RolloutAction.Bake);
        promote.Apply(new WaveBaked(RolloutScript.Service, RolloutScript.RolloutId, 0, "promote", "ok", null));
        Assert.Equal(WavePhase.Baked, promote.State.Phase);

        var rollback = RolloutScript.Create();
        rollback.RunUntil(a => a is RolloutAction.Bake);
        rollback.Apply(new WaveBaked(RolloutScript.Service, RolloutScript.RolloutId, 0, "rollback", "errors", null));
        Assert.Equal(WavePhase.Routed, rollback.State.Phase);
    }

    [Fact]
    public void Only_the_first_rollback_reason_counts()
    {
        var script = RolloutScript.Create();
        script.FailingSelfTests.UnionWith(["hello-r2-2", "hello-r2-3"]);
        script.RunUntil(a => a is RolloutAction.StartRollback);

        script.Apply(new RollbackRequested(RolloutScript.Service, RolloutScript.RolloutId, "manual", "later", null));

        Assert.Equal("selftest", script.State.RollbackReason);
        Assert.StartsWith("self-test failed on hello-r2-2", script.State.RollbackSummary, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_needs_a_rollout_started_event_first()
    {
        Assert.Throws<InvalidOperationException>(() => RolloutState.Replay([]));
        Assert.Throws<InvalidOperationException>(() => RolloutState.Replay([new WaveStarted("hello", "hello-r2", 0, ["a"])]));
    }

    private static RolloutScript Scenario(string name)
    {
        var script = RolloutScript.Create(firstDeploy: name == "first deploy");
        switch (name)
        {
            case "selftest in wave 1":
                script.FailingSelfTests.Add("hello-r2-1");
                break;
            case "selftest in wave 3":
                script.FailingSelfTests.Add("hello-r2-5");
                break;
            case "bake rollback in wave 2":
                script.BakeRollbacks[1] = "errors";
                break;
        }

        return script;
    }

    private static string Snapshot(RolloutState s) => string.Join(
        " | ",
        $"wave={s.CurrentWave}",
        $"phase={s.Phase}",
        $"outcome={s.Outcome}",
        $"reason={s.RollbackReason}",
        $"summary={s.RollbackSummary}",
        $"old={string.Join(",", s.OldInstances)}",
        $"new={string.Join(",", s.NewInstances)}",
        $"replacements={string.Join(",", s.Replacements)}",
        $"tests={string.Join(",", s.NewInstances.Concat(s.Replacements).Select(id => $"{id}:{s.SelfTest(id)}"))}");
}
