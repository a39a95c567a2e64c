using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

/// <summary>Builds group snapshots for the default checks from plain numbers.</summary>
internal static class Snapshots
{
    /// <summary>Cumulative share of requests at or below each bound for a healthy service (median ~50 ms, p99 ~160 ms).</summary>
    public static readonly (double Bound, double Share)[] Healthy =
        [(0.05, 0.5), (0.1, 0.9), (0.15, 0.985), (0.2, 0.997), (0.25, 0.9995), (0.5, 1.0)];

    /// <summary>About 1.5 times slower than <see cref="Healthy"/>.</summary>
    public static readonly (double Bound, double Share)[] Slow =
        [(0.05, 0.2), (0.1, 0.6), (0.15, 0.9), (0.2, 0.96), (0.25, 0.985), (0.5, 1.0)];

    public static GroupSnapshot Group(double requests, double errors, (double Bound, double Share)[]? latency = null, double? served = null) => new()
    {
        Requests = new Dictionary<string, RequestCounts> { [Check.FrontDoorRequestsMetric] = new(requests, errors) },
        Histograms = new Dictionary<string, HistogramSnapshot> { [Check.FrontDoorLatencyMetric] = Histogram(requests, latency ?? Healthy) },
        Counters = new Dictionary<string, double> { [Check.FrontDoorRequestsMetric] = served ?? requests },
    };

    public static HistogramSnapshot Histogram(double count, (double Bound, double Share)[] profile)
    {
        var buckets = profile.Select(p => new HistogramBucket(p.Bound, Math.Round(count * p.Share))).ToList();
        buckets.Add(new HistogramBucket(double.PositiveInfinity, count));
        return new HistogramSnapshot(buckets, count * 0.06, count);
    }

    /// <summary>The default checks on what the front door measured (the instance-metric ones are tested on their own).</summary>
    public static readonly IReadOnlyList<Check> FrontDoorChecks = [.. Check.Defaults.Where(c => !c.Optional)];

    public static JudgeInput Input(GroupSnapshot canary, GroupSnapshot? baseline, double seconds, GroupSnapshot? fleet = null) => new()
    {
        Checks = FrontDoorChecks,
        Canary = canary,
        Baseline = baseline,
        Fleet = fleet,
        Elapsed = TimeSpan.FromSeconds(seconds),
    };
}
