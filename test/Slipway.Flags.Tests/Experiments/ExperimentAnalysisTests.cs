using Slipway.Flags.Experiments;

namespace Slipway.Flags.Tests.Experiments;

public sealed class ExperimentAnalysisTests
{
    [Fact]
    public void Results_give_rates_difference_interval_and_p_value_per_variant()
    {
        var result = ExperimentAnalysis.Analyze([new("control", 1000, 100), new("treatment", 1000, 130)], "control");

        var control = result.Variants.Single(v => v.IsControl);
        var treatment = result.Variants.Single(v => !v.IsControl);
        Assert.Equal(0.10, control.ConversionRate, 10);
        Assert.Null(control.PValue);
        Assert.Equal(0.13, treatment.ConversionRate, 10);
        Assert.Equal(0.03, treatment.DifferenceFromControl!.Value, 10);
        // Unpooled SE = sqrt(.1*.9/1000 + .13*.87/1000) = 0.0142513; 1.96 * SE = 0.0279321.
        Assert.Equal(0.0020679, treatment.DifferenceLow!.Value, 1e-6);
        Assert.Equal(0.0579321, treatment.DifferenceHigh!.Value, 1e-6);
        // Pooled z = 0.03 / sqrt(.115*.885*(2/1000)) = 2.10274; two-sided p = 0.0354885.
        Assert.Equal(0.0354885, treatment.PValue!.Value, 1e-6);
    }

    [Fact]
    public void Equal_rates_give_a_p_value_of_one()
    {
        var result = ExperimentAnalysis.Analyze([new("a", 500, 50), new("b", 500, 50)], "a");

        Assert.Equal(1.0, result.Variants[1].PValue!.Value, 6);
    }

    [Fact]
    public void Sample_ratio_matching_the_weights_passes()
    {
        var check = ExperimentAnalysis.CheckSampleRatio([new("a", 5030, 0), new("b", 4970, 0)], new Dictionary<string, double> { ["a"] = 50, ["b"] = 50 });

        Assert.Equal(0.36, check.ChiSquared, 6);
        Assert.Equal(1, check.DegreesOfFreedom);
        Assert.Equal(0.5485062, check.PValue, 1e-6);
        Assert.False(check.Mismatch);
    }

    [Fact]
    public void Sample_ratio_mismatch_is_flagged_below_one_in_a_thousand()
    {
        var check = ExperimentAnalysis.CheckSampleRatio([new("a", 5200, 0), new("b", 4800, 0)], new Dictionary<string, double> { ["a"] = 50, ["b"] = 50 });

        Assert.Equal(16.0, check.ChiSquared, 6);
        Assert.True(check.PValue < 0.001);
        Assert.True(check.Mismatch);
    }

    [Fact]
    public void Chi_squared_tail_matches_known_quantiles()
    {
        var threeWay = ExperimentAnalysis.CheckSampleRatio(
            [new("a", 100, 0), new("b", 100, 0), new("c", 100, 0)],
            new Dictionary<string, double> { ["a"] = 1, ["b"] = 1, ["c"] = 1 });
        Assert.Equal(1.0, threeWay.PValue, 6);

        // 5.991 is the 95th percentile of chi-squared with 2 degrees of freedom.
        Assert.Equal(0.05, Flags.Experiments.Statistics.ChiSquaredSurvival(5.991464547, 2), 1e-7);
        Assert.Equal(0.05, Flags.Experiments.Statistics.ChiSquaredSurvival(3.841458821, 1), 1e-7);
        Assert.Equal(0.001, Flags.Experiments.Statistics.ChiSquaredSurvival(16.2662362, 3), 1e-7);
    }

    [Fact]
    public void More_conversions_than_exposures_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ExperimentAnalysis.Analyze([new("a", 1, 2)], "a"));
    }

    [Fact]
    public void Declared_weights_come_from_the_flags_split()
    {
        var flag = FlagDocument.Parse(TestFlags.Rollout).Flags["new-checkout"];

        var weights = ExperimentAnalysis.DeclaredWeights(flag);

        Assert.Equal(new Dictionary<string, double> { ["on"] = 20, ["off"] = 80 }, weights);
        Assert.Null(ExperimentAnalysis.DeclaredWeights(FlagDocument.Parse(TestFlags.Rollout).Flags["static-flag"]));
    }
}
