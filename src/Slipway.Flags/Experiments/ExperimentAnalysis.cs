using Slipway.Flags.Reassignment;

namespace Slipway.Flags.Experiments;

/// <summary>Pure statistics for an experiment: per-variant rates, difference from control, p-values and the SRM check.</summary>
public static class ExperimentAnalysis
{
    /// <param name="observations">Exposures and conversions per variant.</param>
    /// <param name="control">The variant the others are compared with.</param>
    /// <param name="declaredWeights">The split's weights by variant (any scale); when given, the sample ratio is checked.</param>
    public static ExperimentResult Analyze(
        IReadOnlyList<VariantObservation> observations,
        string control,
        IReadOnlyDictionary<string, double>? declaredWeights = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(control);
        foreach (var observation in observations)
        {
            if (observation.Exposures < 0 || observation.Conversions < 0 || observation.Conversions > observation.Exposures)
            {
                throw new ArgumentException($"variant '{observation.Variant}' has {observation.Conversions} conversions for {observation.Exposures} exposures", nameof(observations));
            }
        }

        var baseline = observations.FirstOrDefault(o => o.Variant == control)
            ?? throw new ArgumentException($"control variant '{control}' has no observations", nameof(control));
        var results = observations.Select(o => Compare(o, baseline, o.Variant == control)).ToList();
        return new ExperimentResult(control, results, declaredWeights is null ? null : CheckSampleRatio(observations, declaredWeights));
    }

    /// <summary>
    /// The weights of the flag's <c>fractional</c> split by variant (summed when a variant has several buckets),
    /// or null when the flag has no split with literal names and weights.
    /// </summary>
    public static IReadOnlyDictionary<string, double>? DeclaredWeights(FlagDefinition flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (flag.Targeting is not { } targeting || StaticSplit.Find(targeting) is not { } split)
        {
            return null;
        }

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (variant, weight) in split.Buckets)
        {
            if (variant is not null)
            {
                weights[variant] = (weights.TryGetValue(variant, out var sum) ? sum : 0) + weight;
            }
        }

        return weights;
    }

    /// <summary>Chi-squared goodness of fit of the exposures to the declared weights; variants with zero weight are left out.</summary>
    public static SampleRatioCheck CheckSampleRatio(IReadOnlyList<VariantObservation> observations, IReadOnlyDictionary<string, double> declaredWeights)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(declaredWeights);
        var cells = declaredWeights.Where(w => w.Value > 0)
            .Select(w => (Expected: w.Value, Observed: (double)(observations.FirstOrDefault(o => o.Variant == w.Key)?.Exposures ?? 0)))
            .ToList();
        var total = cells.Sum(c => c.Observed);
        var weightSum = cells.Sum(c => c.Expected);
        if (cells.Count < 2 || total == 0)
        {
            return new SampleRatioCheck(0, Math.Max(0, cells.Count - 1), 1, false);
        }

        var chi = cells.Sum(c =>
        {
            var expected = total * c.Expected / weightSum;
            return (c.Observed - expected) * (c.Observed - expected) / expected;
        });
        var df = cells.Count - 1;
        var p = Statistics.ChiSquaredSurvival(chi, df);
        return new SampleRatioCheck(chi, df, p, p < SampleRatioCheck.Threshold);
    }

    private static VariantResult Compare(VariantObservation variant, VariantObservation control, bool isControl)
    {
        var rate = variant.Exposures == 0 ? 0 : (double)variant.Conversions / variant.Exposures;
        if (isControl || variant.Exposures == 0 || control.Exposures == 0)
        {
            return new VariantResult(variant.Variant, isControl, variant.Exposures, variant.Conversions, rate, null, null, null, null);
        }

        double n1 = control.Exposures, n2 = variant.Exposures;
        var p1 = control.Conversions / n1;
        var p2 = variant.Conversions / n2;
        var difference = p2 - p1;
        var se = Math.Sqrt((p1 * (1 - p1) / n1) + (p2 * (1 - p2) / n2));
        var pooled = (control.Conversions + variant.Conversions) / (n1 + n2);
        var pooledSe = Math.Sqrt(pooled * (1 - pooled) * ((1 / n1) + (1 / n2)));
        var pValue = pooledSe == 0 ? (difference == 0 ? 1.0 : 0.0) : Statistics.TwoSidedNormalP(difference / pooledSe);
        return new VariantResult(
            variant.Variant,
            false,
            variant.Exposures,
            variant.Conversions,
            rate,
            difference,
            difference - (Statistics.Z95 * se),
            difference + (Statistics.Z95 * se),
            pValue);
    }
}
