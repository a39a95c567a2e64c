using Slipway.Core.Judge;
using Slipway.Server.Metrics;

namespace Slipway.Server.Tests.Immune;

/// <summary>
/// A hand-written metric source: every instance serves a fixed number of requests per look with a fixed error ratio,
/// so the judge sees counts that grow like a real scrape's. <paramref name="histogramOf"/>, when given, draws the latency
/// histogram of a group (its instance ids and request count); else half the requests take under 5 ms and 99% under 50 ms.
/// </summary>
internal sealed class ScriptedMetricSource(
    Func<string, double> errorRatioOf,
    double requestsPerLook = 200,
    Func<IReadOnlyList<string>, double, HistogramSnapshot>? histogramOf = null) : IMetricSource
{
    private readonly Dictionary<string, int> _looks = new(StringComparer.Ordinal);

    public Exception? Failure { get; set; }

    public Task<GroupSnapshot> SnapshotAsync(string service, IReadOnlyList<string> instanceIds, IReadOnlyList<Check> checks, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        double requests = 0, errors = 0;
        lock (_looks)
        {
            foreach (var id in instanceIds)
            {
                var look = _looks[id] = _looks.GetValueOrDefault(id) + 1;
                requests += look * requestsPerLook;
                errors += Math.Round(look * requestsPerLook * errorRatioOf(id));
            }
        }

        var histogram = histogramOf?.Invoke(instanceIds, requests) ?? new HistogramSnapshot(
            [new HistogramBucket(0.005, requests * 0.5), new HistogramBucket(0.05, requests * 0.99), new HistogramBucket(double.PositiveInfinity, requests)],
            requests * 0.01,
            requests);
        return Task.FromResult(new GroupSnapshot
        {
            Instances = instanceIds.Count,
            Requests = new Dictionary<string, RequestCounts> { [Check.FrontDoorRequestsMetric] = new(requests, errors) },
            Histograms = new Dictionary<string, HistogramSnapshot> { [Check.FrontDoorLatencyMetric] = histogram },
            Counters = new Dictionary<string, double> { [Check.FrontDoorRequestsMetric] = requests },
        });
    }

    /// <summary>
    /// Log-normal latency counted on the front door's bounds (0.5 ms, three per doubling), as RequestRecorder keeps it.
    /// A wide <paramref name="sigma"/> is the long tail of a loaded machine's loopback requests.
    /// </summary>
    public static HistogramSnapshot FrontDoorLogNormal(double requests, double median, double sigma)
    {
        var buckets = Slipway.Server.FrontDoor.RequestRecorder.Bounds
            .Select(b => new HistogramBucket(b, Math.Round(requests * NormalCdf((Math.Log(b) - Math.Log(median)) / sigma))))
            .Append(new HistogramBucket(double.PositiveInfinity, requests))
            .ToList();
        return new HistogramSnapshot(buckets, requests * median, requests);
    }

    private static double NormalCdf(double z)
    {
        // Abramowitz and Stegun 7.1.26 for erf(z / sqrt 2), |error| < 1.5e-7.
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496735) * t + 0.254829592) * t * Math.Exp(-x * x);
        return 0.5 * (1 + Math.Sign(z) * erf);
    }
}
