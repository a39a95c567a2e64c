using Slipway.Core.Config;

namespace Slipway.Core.Tests.Config;

public sealed class WavesConfigTests
{
    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(1, new[] { 1 })]
    [InlineData(2, new[] { 1, 1 })]
    [InlineData(3, new[] { 1, 2 })]
    [InlineData(7, new[] { 1, 2, 4 })]
    [InlineData(10, new[] { 1, 2, 4, 3 })]
    [InlineData(15, new[] { 1, 2, 4, 8 })]
    [InlineData(50, new[] { 1, 2, 4, 8, 16, 19 })]
    public void Exponential_waves_double_and_the_last_is_cut_short(int instances, int[] expected)
    {
        Assert.Equal(expected, WavesConfig.Exponential.Plan(instances));
    }

    [Theory]
    [InlineData(7, new[] { 1, 2, 4 })]
    [InlineData(10, new[] { 1, 2, 4, 3 })]
    [InlineData(5, new[] { 1, 2, 2 })]
    [InlineData(1, new[] { 1 })]
    public void Explicit_waves_are_cut_short_or_followed_by_one_wave_with_the_rest(int instances, int[] expected)
    {
        Assert.Equal(expected, WavesConfig.Explicit(1, 2, 4).Plan(instances));
    }

    [Fact]
    public void Canary_then_everything_is_a_single_explicit_wave()
    {
        Assert.Equal([1, 6], WavesConfig.Explicit(1).Plan(7));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(99)]
    [InlineData(500)]
    public void Plans_always_add_up_to_the_instances(int instances)
    {
        Assert.Equal(instances, WavesConfig.Exponential.Plan(instances).Sum());
        Assert.Equal(instances, WavesConfig.Explicit(3, 1, 10).Plan(instances).Sum());
    }

    [Fact]
    public void Service_config_wave_plan_uses_its_waves()
    {
        var config = new ServiceConfig { Build = ["make"], Artifact = "out", Run = "./app", Instances = 7 };

        Assert.Equal([1, 2, 4], config.WavePlan());
        Assert.Equal([1, 2, 4, 3], config.WavePlan(10));
    }

    [Fact]
    public void Negative_instances_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WavesConfig.Exponential.Plan(-1));
    }
}
