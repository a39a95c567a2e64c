using Slipway.Core.Journal;
using Slipway.Core.Rollouts;
using Slipway.Core.Services;
using Slipway.Server.Api;
using Slipway.Server.State;

namespace Slipway.Server.Tests.Api;

/// <summary>Honest timings: a run says how long it waited in the queue, a rollout how long its bakes waited for data.</summary>
public sealed class StageTimingsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_reports_the_seconds_from_queued_to_started_and_none_while_it_is_queued()
    {
        var queued = new RunView("hello-3", "hello", "abc1234", "push", T0);

        Assert.Null(Views.Run(queued).QueuedSeconds);
        Assert.Equal(4.25, Views.Run(queued with { StartedAt = T0.AddSeconds(4.25), Status = RunStatus.Running }).QueuedSeconds);
    }

    [Fact]
    public void A_rollout_reports_how_long_its_bakes_ran_past_their_bake_time()
    {
        var started = new RolloutStarted("hello", "hello-r2", "v2", "d2", "v1", "d1", 3, [1, 2], ["hello-r1-1", "hello-r1-2", "hello-r1-3"], "push", "build: make\nartifact: out\nrun: ./app\nbake: 3s\n", null);
        (double Seconds, SlipwayEvent Event)[] events =
        [
            (0, started),
            (1, new WaveStarted("hello", "hello-r2", 0, ["hello-r2-1"])),
            (2, new InstancesRouted("hello", ["hello-r2-1"])),
            (7.5, new WaveBaked("hello", "hello-r2", 0, "promote", "waited for data", null)),
            (8, new WaveStarted("hello", "hello-r2", 1, ["hello-r2-2", "hello-r2-3"])),
            (9, new WaveCompleted("hello", "hello-r2", 0, ["hello-r1-1"])),
            (10, new InstancesRouted("hello", ["hello-r2-2", "hello-r2-3"])),
            (13, new WaveBaked("hello", "hello-r2", 1, "promote", "baked", null)),
        ];
        var state = RolloutState.Start(started);
        foreach (var (_, e) in events.Skip(1))
        {
            state.Apply(e);
        }

        var view = new RolloutView(state, T0) { Timeline = [.. events.Select(e => (T0.AddSeconds(e.Seconds), e.Event))] };

        Assert.Equal(2.5, Views.WaitingForData(view));
        Assert.Equal(2.5, Views.Rollout(view).WaitingForDataSeconds);
    }
}
