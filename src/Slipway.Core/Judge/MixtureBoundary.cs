namespace Slipway.Core.Judge;

/// <summary>
/// The normal-mixture sequential probability ratio test (mSPRT) and its confidence sequence.
/// For an estimate with variance v of a difference θ, mixing the likelihood ratio over
/// θ ~ N(0, τ²) gives Λ = sqrt(v / (v + τ²)) · exp(τ² θ̂² / (2 v (v + τ²))), a martingale under
/// θ = 0; by Ville's inequality P(ever Λ ≥ 1/α) ≤ α, however often one looks
/// (Robbins 1970; Johari, Pekelis and Walsh, "Always valid inference"; Howard et al. 2021).
/// </summary>
internal static class MixtureBoundary
{
    /// <summary>Half-width of the (1 - α) confidence sequence: every θ with Λ(θ) &lt; 1/α.</summary>
    public static double HalfWidth(double variance, double mixingVariance, double alpha)
    {
        var v = variance;
        var t = mixingVariance;
        return Math.Sqrt(v * (v + t) / t * (Math.Log((v + t) / v) + 2 * Math.Log(1 / alpha)));
    }

    /// <summary>Always-valid p-value for θ = 0 at this look: min(1, 1/Λ).</summary>
    public static double PValue(double estimate, double variance, double mixingVariance)
    {
        var v = variance;
        var t = mixingVariance;
        var logLambda = 0.5 * Math.Log(v / (v + t)) + t * estimate * estimate / (2 * v * (v + t));
        return logLambda <= 0 ? 1 : Math.Exp(-logLambda);
    }
}
