using Slipway.Core.Judge;
using Slipway.Server.Metrics;

namespace Slipway.Server.Tests.Immune;

/// <summary>
/// A hand-written metric source: every instance serves a fixed number of requests per look with a fixed error ratio,
/// so the judge sees counts that grow like a real scrape's.
/// </summary>
internal sealed class ScriptedMetricSource(Func<string, double> errorRatioOf, double requestsPerLook = 200) : IMetricSource
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

        var histogram = new HistogramSnapshot(
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
}
