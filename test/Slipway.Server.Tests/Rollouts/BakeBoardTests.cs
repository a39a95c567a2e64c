using Microsoft.Extensions.Time.Testing;
using Slipway.Server.Rollouts;

namespace Slipway.Server.Tests.Rollouts;

/// <summary>The bake under way as the status view shows it: wave N of M, time baked, the gate's latest look, extended or not.</summary>
public sealed class BakeBoardTests
{
    [Fact]
    public void A_bake_shows_the_gates_latest_look_and_is_extended_once_past_its_time_or_when_the_gate_says_so()
    {
        var time = new FakeTimeProvider();
        var board = new BakeBoard(time);

        var progress = board.Begin("hello-r1", wave: 1, waves: 3, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(4));
        var early = board.View("hello-r1")!;
        progress.Report(new BakeLook("error rate 0.0% vs 0.1% (n=120 vs 118); latency p99 41 ms vs 40 ms", Extended: false));
        time.Advance(TimeSpan.FromSeconds(7));
        var late = board.View("hello-r1")!;
        progress.Report(new BakeLook("bake extended (up to 2m): not enough requests yet (12 of 50)", Extended: true));
        var extended = board.View("hello-r1")!;
        board.End("hello-r1");

        Assert.Equal((2, 3, 4.0, 10.0, false, "baking"), (early.Wave, early.Waves, early.ElapsedSeconds, early.BakeSeconds, early.Extended, early.Summary));
        Assert.True(late.Extended);
        Assert.Equal(11.0, late.ElapsedSeconds);
        Assert.StartsWith("error rate 0.0%", late.Summary, StringComparison.Ordinal);
        Assert.Equal("bake extended (up to 2m): not enough requests yet (12 of 50)", extended.Summary);
        Assert.Null(board.View("hello-r1"));
    }
}
