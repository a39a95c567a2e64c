namespace Slipway.Core.Judge;

/// <summary>
/// A difference (new minus old) with its variance and the margin that stands for the check's
/// minimum effect, all in one unit. Classifies it with the mixture confidence sequence.
/// </summary>
internal sealed record Comparison(double Estimate, double Variance, double Margin)
{
    /// <summary>The mixing scale τ, relative to the margin: wide enough that effects several times the margin are found fast.</summary>
    public const double MixingScale = 3.0;

    public ComparisonResult Classify(BadDirection bad, double alpha)
    {
        var tau = MixingScale * Margin;
        var halfWidth = MixtureBoundary.HalfWidth(Variance, tau * tau, alpha);
        var lower = Estimate - halfWidth;
        var upper = Estimate + halfWidth;
        var p = MixtureBoundary.PValue(Estimate, Variance, tau * tau);

        var worse = lower > 0 && Estimate > Margin;
        var better = upper < 0 && Estimate < -Margin;
        var withinAbove = upper < Margin;
        var withinBelow = lower > -Margin;
        var (regressed, pass, beyond) = bad switch
        {
            BadDirection.Increase => (worse, withinAbove, Estimate > Margin),
            BadDirection.Decrease => (better, withinBelow, Estimate < -Margin),
            _ => (worse || better, withinAbove && withinBelow, Math.Abs(Estimate) > Margin),
        };
        var status = regressed ? CheckStatus.Regressed : pass ? CheckStatus.Pass : CheckStatus.Inconclusive;
        return new ComparisonResult(status, lower, upper, p, beyond);
    }
}
