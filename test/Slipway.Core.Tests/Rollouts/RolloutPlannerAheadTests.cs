using Slipway.Core.Journal;
using Slipway.Core.Rollouts;

namespace Slipway.Core.Tests.Rollouts;

/// <summary>
/// Waves that are ready when they are needed: while wave N bakes, wave N+1's instances start and self-test without
/// traffic; they are routed as soon as wave N's bake passed and its old instances retired, and stopped with the rest
/// on a rollback. What serves traffic, and what each wave retires, is the same as one wave after the other.
/// </summary>
public sealed class RolloutPlannerAheadTests
{
    private static readonly string[] WaveTwo = ["hello-r2-2", "hello-r2-3"];
    private static readonly string[] WaveThree = ["hello-r2-4", "hello-r2-5", "hello-r2-6", "hello-r2-7"];

    private static RolloutScript Ahead(bool baselines = false)
    {
        var script = RolloutScript.Create(instances: 7, waves: [1, 2, 4]);
        script.StartAhead = true;
        script.Baselines = baselines;
        return script;
    }

    [Fact]
    public void While_a_wave_bakes_the_next_one_starts_and_self_tests_and_is_routed_right_after_the_retire()
    {
        var script = Ahead();

        var last = script.RunToEnd();

        Assert.Equal(
            [
                "StartWave 0 x1", "SelfTest [hello-r2-1]", "Route [hello-r2-1]",
                "StartWave 1 x2", "Bake 0 +SelfTest [hello-r2-2,hello-r2-3]", "Retire 0 [hello-r1-1]", "Route [hello-r2-2,hello-r2-3]",
                "StartWave 2 x4", "Bake 1 +SelfTest [hello-r2-4,hello-r2-5,hello-r2-6,hello-r2-7]", "Retire 1 [hello-r1-2,hello-r1-3]",
                "Route [hello-r2-4,hello-r2-5,hello-r2-6,hello-r2-7]", "Bake 2", "Retire 2 [hello-r1-4,hello-r1-5,hello-r1-6,hello-r1-7]",
                "Promote", "Done Promoted",
            ],
            script.Actions.Select(ActionText.Of));
        Assert.Equal(new RolloutAction.Done(RolloutOutcome.Promoted), last);
        Assert.Equal(7, script.State.NewInstances.Count);
    }

    [Fact]
    public void An_instance_started_ahead_gets_traffic_only_after_the_wave_before_it_completed()
    {
        var script = Ahead();

        script.RunToEnd();

        var events = script.Events.ToList();
        int IndexOf(Func<SlipwayEvent, bool> match) => events.FindIndex(e => match(e));
        var completedOne = IndexOf(e => e is WaveCompleted { Wave: 0 });
        var completedTwo = IndexOf(e => e is WaveCompleted { Wave: 1 });
        Assert.True(IndexOf(e => e is InstancesRouted r && r.InstanceIds.SequenceEqual(WaveTwo)) > completedOne);
        Assert.True(IndexOf(e => e is InstancesRouted r && r.InstanceIds.SequenceEqual(WaveThree)) > completedTwo);
        Assert.True(IndexOf(e => e is WaveStarted { Wave: 1 }) < IndexOf(e => e is WaveBaked { Wave: 0 }));
    }

    [Fact]
    public void Capacity_is_unchanged_each_wave_retires_what_it_added_and_the_routed_fleet_never_drops_below_n()
    {
        var script = Ahead();
        var routed = new HashSet<string>(script.State.OldInstances, StringComparer.Ordinal);

        while (script.Next() is not RolloutAction.Done)
        {
            var before = script.Events.Count;
            var action = script.Step();
            foreach (var e in script.Events.Skip(before))
            {
                if (e is InstancesRouted r)
                {
                    routed.UnionWith(r.InstanceIds);
                }
                else if (e is InstancesUnrouted u)
                {
                    routed.ExceptWith(u.InstanceIds);
                }
            }

            Assert.True(routed.Count >= 7, $"after {ActionText.Of(action)} only {routed.Count} instances are routed");
            Assert.True(routed.Count <= 7 + script.State.Waves[Math.Min(script.State.CurrentWave, 2)], $"after {ActionText.Of(action)} {routed.Count} instances are routed");
        }

        Assert.Equal([1, 2, 4], script.Actions.OfType<RolloutAction.Retire>().Select(r => r.OldInstanceIds.Count));
    }

    [Fact]
    public void A_new_instance_started_ahead_that_fails_its_self_test_ends_the_bake_and_rolls_everything_back()
    {
        var script = Ahead();
        script.FailingSelfTests.Add("hello-r2-3");

        var last = script.RunToEnd();

        Assert.Equal(new RolloutAction.Done(RolloutOutcome.RolledBack), last);
        Assert.Equal("selftest", script.State.RollbackReason);
        Assert.DoesNotContain(script.Events, e => e is WaveBaked);
        Assert.DoesNotContain(script.Events, e => e is InstancesRouted r && r.InstanceIds.Contains("hello-r2-3"));
        var rollback = Assert.Single(script.Actions.OfType<RolloutAction.StartRollback>());
        Assert.Equal(0, rollback.ReplacementCount);
        var finish = Assert.Single(script.Actions.OfType<RolloutAction.FinishRollback>());
        Assert.Equal(["hello-r2-1", "hello-r2-2", "hello-r2-3"], finish.NewInstanceIds);
    }

    [Fact]
    public void A_bake_that_fails_stops_the_instances_started_ahead_with_the_rest()
    {
        var script = Ahead();
        script.BakeRollbacks[1] = "immune";

        script.RunToEnd();

        Assert.Equal(RolloutOutcome.RolledBack, script.State.Outcome);
        Assert.Equal("immune", script.State.RollbackReason);
        var finish = Assert.Single(script.Actions.OfType<RolloutAction.FinishRollback>());
        Assert.Equal(["hello-r2-1", .. WaveTwo, .. WaveThree], finish.NewInstanceIds);
        Assert.Equal(1, Assert.Single(script.Actions.OfType<RolloutAction.StartRollback>()).ReplacementCount);
        Assert.DoesNotContain(script.Events, e => e is InstancesRouted r && r.InstanceIds.Contains("hello-r2-4"));
    }

    [Fact]
    public void The_baseline_of_the_wave_ahead_starts_with_it_a_failing_one_is_left_out_and_it_retires_with_its_wave()
    {
        var script = Ahead(baselines: true);
        script.FailingSelfTests.Add("hello-r2-base2-2");

        script.RunToEnd();

        Assert.Equal(RolloutOutcome.Promoted, script.State.Outcome);
        Assert.Contains("Bake 0 +SelfTest [hello-r2-2,hello-r2-3,hello-r2-base2-1,hello-r2-base2-2]", script.Actions.Select(ActionText.Of));
        Assert.Contains("Route [hello-r2-2,hello-r2-3,hello-r2-base2-1]", script.Actions.Select(ActionText.Of));
        var retireTwo = script.Actions.OfType<RolloutAction.Retire>().Single(r => r.Wave == 1);
        Assert.Equal(["hello-r2-base2-1", "hello-r2-base2-2"], retireTwo.BaselineIds);
        Assert.Empty(script.State.ActiveBaselines);
    }

    [Fact]
    public void A_bake_rollback_stops_the_baseline_started_ahead_too()
    {
        var script = Ahead(baselines: true);
        script.BakeRollbacks[0] = "immune";

        script.RunToEnd();

        var finish = Assert.Single(script.Actions.OfType<RolloutAction.FinishRollback>());
        Assert.Equal(["hello-r2-base1-1", "hello-r2-base2-1", "hello-r2-base2-2"], finish.BaselineIds);
    }

    [Fact]
    public void A_paused_service_starts_nothing_ahead()
    {
        var script = Ahead();
        script.RunUntil(a => a is RolloutAction.StartWave { Wave: 1 });
        script.Paused = true;

        Assert.Equal("Bake 0", ActionText.Of(script.Step()));
        Assert.Equal("Retire 0 [hello-r1-1]", ActionText.Of(script.Step()));
        Assert.IsType<RolloutAction.WaitWhilePaused>(script.Next());
        Assert.Equal(["hello-r2-1"], script.State.NewInstances);
    }

    [Fact]
    public void A_wave_started_ahead_before_a_pause_waits_for_the_resume_before_it_gets_traffic()
    {
        var script = Ahead();
        script.RunUntil(a => a is RolloutAction.Retire { Wave: 0 });
        script.Paused = true;
        script.Step();

        Assert.IsType<RolloutAction.WaitWhilePaused>(script.Next());
        script.Paused = false;
        Assert.Equal("Route [hello-r2-2,hello-r2-3]", ActionText.Of(script.Next()));
    }

    [Fact]
    public void A_bake_interrupted_by_a_crash_after_some_self_tests_resumes_with_the_rest()
    {
        var script = Ahead();
        script.RunUntil(a => a is RolloutAction.Bake);
        script.Apply(new SelfTestPassed(RolloutScript.Service, RolloutScript.RolloutId, "hello-r2-2", 200, 0.1, "{}"));

        var resumed = RolloutState.Replay(script.Events);

        Assert.Equal("Bake 0 +SelfTest [hello-r2-3]", ActionText.Of(RolloutPlanner.Next(resumed, paused: false, startAhead: true)));
        Assert.Equal(1, resumed.AheadWave);
        Assert.Equal(0, resumed.CurrentWave);
        Assert.Equal(WavePhase.Routed, resumed.Phase);
    }

    public static TheoryData<string> Scenarios => ["promoted", "ahead selftest fails", "bake rollback in wave 2", "baselines"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Replaying_the_journal_at_any_point_gives_the_same_next_action_and_state(string scenario)
    {
        var script = Ahead(baselines: scenario == "baselines");
        switch (scenario)
        {
            case "ahead selftest fails":
                script.FailingSelfTests.Add("hello-r2-5");
                break;
            case "bake rollback in wave 2":
                script.BakeRollbacks[1] = "immune";
                break;
            case "baselines":
                script.FailingSelfTests.Add("hello-r2-base3-1");
                break;
        }

        while (script.Next() is not RolloutAction.Done)
        {
            var replayed = RolloutState.Replay(script.Events);

            Assert.Equal(ActionText.Of(script.Next()), ActionText.Of(RolloutPlanner.Next(replayed, paused: false, startAhead: true)));
            Assert.Equal((script.State.CurrentWave, script.State.Phase, script.State.AheadWave), (replayed.CurrentWave, replayed.Phase, replayed.AheadWave));
            Assert.Equal(script.State.NewInstances, replayed.NewInstances);
            Assert.Equal(script.State.ActiveBaselines, replayed.ActiveBaselines);
            script.Step();
        }

        Assert.Equal(script.State.Outcome, RolloutState.Replay(script.Events).Outcome);
    }

    [Fact]
    public void A_journal_written_without_start_ahead_replays_the_same_with_it()
    {
        var sequential = RolloutScript.Create(instances: 7, waves: [1, 2, 4]);
        sequential.RunToEnd();

        var replayed = RolloutState.Replay(sequential.Events);

        Assert.Null(replayed.AheadWave);
        Assert.Equal(RolloutOutcome.Promoted, replayed.Outcome);
    }
}
