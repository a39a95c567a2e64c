namespace Slipway.Flags.Experiments;

/// <summary>
/// Sample-ratio-mismatch check: a chi-squared goodness-of-fit test of exposures against the declared weights.
/// <see cref="Mismatch"/> is set at p &lt; 0.001, which means the split or the exposure logging is broken.
/// </summary>
public sealed record SampleRatioCheck(double ChiSquared, int DegreesOfFreedom, double PValue, bool Mismatch)
{
    public const double Threshold = 0.001;
}
