using Slipway.Core.Judge;

namespace Slipway.Server.Flags;

/// <summary>What the SDKs' outcomes middleware reported for one flag since this server started, per variant.</summary>
public sealed record CohortView(string Service, string Environment, string Key, IReadOnlyList<VariantCohortView> Variants)
{
    internal static CohortView Of(FlagScope scope, string key, Dictionary<string, CohortCounts> variants) => new(
        scope.Service,
        scope.Environment,
        key,
        [.. variants.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => VariantCohortView.Of(v.Key, v.Value))]);
}

/// <summary>One variant's cohort: requests, 5xx answers, their ratio, the p99 duration (seconds, from the SDK's buckets), and goals reached.</summary>
public sealed record VariantCohortView(string Variant, long Requests, long ServerErrors, double? ErrorRatio, double? P99Seconds, IReadOnlyDictionary<string, long> Goals)
{
    internal static VariantCohortView Of(string variant, CohortCounts counts)
    {
        var requests = counts.Requests;
        var histogram = counts.ToSnapshot().Histograms[CohortChecks.LatencyMetric];
        return new VariantCohortView(
            variant,
            requests,
            counts.ServerErrors,
            requests > 0 ? (double)counts.ServerErrors / requests : null,
            HistogramMath.Quantile(histogram, 0.99),
            counts.Goals);
    }
}
