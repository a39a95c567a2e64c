namespace Slipway.Core.Judge;

/// <summary>
/// What the requests served one cohort (a flag's variant, or several summed) did: counts by status class
/// (<c>[0]</c> 1xx … <c>[4]</c> 5xx), a duration histogram with one bucket per bound in <see cref="BoundsMs"/> and one
/// above the last (not cumulative), and goals reached in those requests.
/// </summary>
public sealed record CohortCounts(IReadOnlyList<long> StatusClasses, IReadOnlyList<long> DurationBuckets, IReadOnlyDictionary<string, long> Goals)
{
    /// <summary>The duration bucket bounds, in milliseconds, that the SDK's outcomes middleware counts with.</summary>
    public static IReadOnlyList<double> BoundsMs { get; } = [1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 750, 1000, 1500, 2500, 5000, 10000];

    public static CohortCounts Empty { get; } = new(new long[5], new long[BoundsMs.Count + 1], new Dictionary<string, long>());

    public long Requests => StatusClasses.Sum();

    public long ServerErrors => StatusClasses.Count > 4 ? StatusClasses[4] : 0;

    public CohortCounts Add(CohortCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var goals = new Dictionary<string, long>(Goals, StringComparer.Ordinal);
        foreach (var (name, count) in other.Goals)
        {
            goals[name] = goals.GetValueOrDefault(name) + count;
        }

        return new CohortCounts(Sum(StatusClasses, other.StatusClasses), Sum(DurationBuckets, other.DurationBuckets), goals);
    }

    /// <summary>The increase since <paramref name="start"/>; a count that went down (counts started again) is taken whole.</summary>
    public CohortCounts Since(CohortCounts start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (Requests < start.Requests)
        {
            return this;
        }

        var goals = Goals.ToDictionary(g => g.Key, g => Math.Max(0, g.Value - start.Goals.GetValueOrDefault(g.Key)), StringComparer.Ordinal);
        return new CohortCounts(Difference(StatusClasses, start.StatusClasses), Difference(DurationBuckets, start.DurationBuckets), goals);
    }

    /// <summary>
    /// The cohort as the judge reads it (<see cref="CohortChecks"/>): requests and 5xx, the latency histogram in seconds,
    /// and per goal the requests and the goals reached (at most one per request). A goal never reached is a real zero.
    /// </summary>
    public GroupSnapshot ToSnapshot(IEnumerable<string>? goalNames = null)
    {
        var requests = Requests;
        var cumulative = 0L;
        var sum = 0.0;
        var buckets = new List<HistogramBucket>(BoundsMs.Count + 1);
        for (var i = 0; i < BoundsMs.Count; i++)
        {
            var inBucket = i < DurationBuckets.Count ? DurationBuckets[i] : 0;
            cumulative += inBucket;
            sum += inBucket * BoundsMs[i] / 1000;
            buckets.Add(new HistogramBucket(BoundsMs[i] / 1000, cumulative));
        }

        var histogramCount = DurationBuckets.Sum();
        sum += (histogramCount - cumulative) * BoundsMs[^1] / 1000;
        buckets.Add(new HistogramBucket(double.PositiveInfinity, histogramCount));
        var series = new Dictionary<string, RequestCounts>(StringComparer.Ordinal)
        {
            [CohortChecks.RequestsMetric] = new(requests, ServerErrors),
        };
        foreach (var goal in (goalNames ?? []).Concat(Goals.Keys).Distinct(StringComparer.Ordinal))
        {
            series[CohortChecks.GoalMetric(goal)] = new(requests, Math.Min(requests, Goals.GetValueOrDefault(goal)));
        }

        return new GroupSnapshot
        {
            Requests = series,
            Histograms = new Dictionary<string, HistogramSnapshot>(StringComparer.Ordinal)
            {
                [CohortChecks.LatencyMetric] = new HistogramSnapshot(buckets, sum, histogramCount),
            },
        };
    }

    private static long[] Sum(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        var result = new long[Math.Max(a.Count, b.Count)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (i < a.Count ? a[i] : 0) + (i < b.Count ? b[i] : 0);
        }

        return result;
    }

    private static long[] Difference(IReadOnlyList<long> now, IReadOnlyList<long> before)
    {
        var result = new long[now.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Math.Max(0, now[i] - (i < before.Count ? before[i] : 0));
        }

        return result;
    }
}
