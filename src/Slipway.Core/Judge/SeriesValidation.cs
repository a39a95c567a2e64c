namespace Slipway.Core.Judge;

/// <summary>
/// Reads one check's series from a group and says what is wrong with it, if anything.
/// A missing key is "missing"; NaN, infinite or negative values are invalid. Both are no data.
/// A present zero is a real zero.
/// </summary>
internal static class SeriesValidation
{
    /// <summary>The problem of a series that a group does not have at all (as opposed to one that is invalid).</summary>
    public const string Missing = "series missing";

    public static string? Problem(Check check, GroupSnapshot group) => check.Kind switch
    {
        CheckKind.ErrorRatio or CheckKind.GoalRatio => group.Requests.TryGetValue(check.Metric, out var counts) ? Problem(counts) : Missing,
        CheckKind.LatencyQuantile => group.Histograms.TryGetValue(check.Metric, out var histogram) ? Problem(histogram) : Missing,
        _ => group.Counters.TryGetValue(check.Metric, out var value) ? Problem(value) : Missing,
    };

    private static string? Problem(RequestCounts counts) =>
        Problem(counts.Requests) ?? Problem(counts.Errors) ?? (counts.Errors > counts.Requests ? "more errors than requests" : null);

    private static string? Problem(HistogramSnapshot histogram)
    {
        if (Problem(histogram.Count) is { } countProblem)
        {
            return "count " + countProblem;
        }

        var previousBound = double.NegativeInfinity;
        var previousCount = 0.0;
        foreach (var bucket in histogram.Buckets)
        {
            if (double.IsNaN(bucket.UpperBound) || Problem(bucket.CumulativeCount) is not null)
            {
                return "bucket value is NaN, infinite or negative";
            }

            if (bucket.UpperBound <= previousBound || bucket.CumulativeCount < previousCount)
            {
                return "buckets are not cumulative in ascending order";
            }

            previousBound = bucket.UpperBound;
            previousCount = bucket.CumulativeCount;
        }

        if (!histogram.Buckets.Any(b => double.IsFinite(b.UpperBound)))
        {
            return "no finite buckets";
        }

        return previousCount > histogram.Count + 0.5 ? "bucket counts exceed the histogram count" : null;
    }

    private static string? Problem(double value) => value switch
    {
        double.NaN => "NaN",
        _ when double.IsInfinity(value) => "infinite",
        < 0 => "negative",
        _ => null,
    };
}
