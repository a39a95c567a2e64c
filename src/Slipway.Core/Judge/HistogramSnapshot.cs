namespace Slipway.Core.Judge;

/// <summary>
/// A Prometheus-style histogram counted since the bake started: cumulative buckets in ascending
/// <c>le</c> order (a <c>+Inf</c> bucket may be included), plus <c>_sum</c> and <c>_count</c>.
/// </summary>
public sealed record HistogramSnapshot(IReadOnlyList<HistogramBucket> Buckets, double Sum, double Count)
{
    /// <summary>Increase since <paramref name="start"/>, bucket by bucket. A count that went down means a reset, so the current histogram is the increase.</summary>
    public HistogramSnapshot Since(HistogramSnapshot start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (Count < start.Count)
        {
            return this;
        }

        var before = new Dictionary<double, double>();
        foreach (var bucket in start.Buckets)
        {
            before[bucket.UpperBound] = bucket.CumulativeCount;
        }

        var buckets = Buckets
            .Select(b => before.TryGetValue(b.UpperBound, out var old) && b.CumulativeCount >= old
                ? b with { CumulativeCount = b.CumulativeCount - old }
                : b)
            .ToList();
        return new HistogramSnapshot(buckets, Math.Max(0, Sum - start.Sum), Count - start.Count);
    }
}
