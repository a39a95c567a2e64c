using Slipway.Server.Rollouts;

namespace Slipway.Server.Tests.Rollouts;

/// <summary>The timed bake's wait between its looks for crashes.</summary>
public sealed class TimedBakeGateTests
{
    /// <summary>
    /// Past the bake's end there is no wait at all. Before, a look that ended 1–2 ms after the end computed a wait of
    /// about -1.5 ms, which Task.Delay truncates to -1 ms and reads as "forever": the bake never ended.
    /// </summary>
    [Theory]
    [InlineData(3000, 0, 100)]
    [InlineData(3000, 2950, 50)]
    [InlineData(3000, 2999.5, 0.5)]
    public void Before_the_bake_end_the_wait_is_at_most_100_ms_and_never_past_the_end(double durationMs, double elapsedMs, double expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), TimedBakeGate.NextWait(TimeSpan.FromMilliseconds(durationMs), TimeSpan.FromMilliseconds(elapsedMs)));

    [Theory]
    [InlineData(3000, 3000)]
    [InlineData(3000, 3001.5)]
    [InlineData(3000, 3500)]
    public void At_or_past_the_bake_end_there_is_no_wait(double durationMs, double elapsedMs) =>
        Assert.Null(TimedBakeGate.NextWait(TimeSpan.FromMilliseconds(durationMs), TimeSpan.FromMilliseconds(elapsedMs)));
}
