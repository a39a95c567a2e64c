using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

public sealed class MixtureBoundaryTests
{
    [Theory]
    [InlineData(0.05, 0.0002, 0.0009)]
    [InlineData(0.01, 0.0002, 0.0009)]
    [InlineData(0.2, 0.004, 0.45)]
    [InlineData(-0.3, 0.004, 0.45)]
    public void The_interval_excludes_zero_exactly_when_the_p_value_is_below_alpha(double estimate, double variance, double mixing)
    {
        const double alpha = 0.01;

        var halfWidth = MixtureBoundary.HalfWidth(variance, mixing, alpha);
        var p = MixtureBoundary.PValue(estimate, variance, mixing);

        Assert.Equal(Math.Abs(estimate) > halfWidth, p < alpha);
    }

    [Fact]
    public void The_interval_narrows_as_data_accumulates()
    {
        Assert.True(MixtureBoundary.HalfWidth(0.0001, 0.0009, 0.01) < MixtureBoundary.HalfWidth(0.001, 0.0009, 0.01));
    }
}
