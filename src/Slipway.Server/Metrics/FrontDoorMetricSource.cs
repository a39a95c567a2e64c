using Slipway.Core.Judge;
using Slipway.Server.FrontDoor;

namespace Slipway.Server.Metrics;

/// <summary>
/// The judge's default source: what the front door measured of each request, per instance. It answers the checks on
/// <see cref="Check.FrontDoorRequestsMetric"/> (error ratio: 5xx and unanswered requests out of all; counter rate: all
/// requests) and <see cref="Check.FrontDoorLatencyMetric"/> (latency histogram). An instance the front door has not
/// routed to yet counts zero requests: the series is present (so the check waits for data) and never "not comparable".
/// </summary>
internal sealed class FrontDoorMetricSource(FrontDoorMetrics frontDoor) : IMetricSource
{
    public Task<GroupSnapshot> SnapshotAsync(string service, IReadOnlyList<string> instanceIds, IReadOnlyList<Check> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        ArgumentNullException.ThrowIfNull(checks);
        var ids = instanceIds.Distinct(StringComparer.Ordinal).ToList();
        var snapshots = ids
            .Select(frontDoor.Get)
            .Where(r => r is not null && r.Service == service)
            .Select(r => r!.Snapshot())
            .ToList();
        var requests = new Dictionary<string, RequestCounts>(StringComparer.Ordinal);
        var histograms = new Dictionary<string, HistogramSnapshot>(StringComparer.Ordinal);
        var counters = new Dictionary<string, double>(StringComparer.Ordinal);
        if (ids.Count > 0)
        {
            foreach (var check in checks)
            {
                switch (check.Kind)
                {
                    case CheckKind.ErrorRatio when check.Metric == Check.FrontDoorRequestsMetric:
                        requests[check.Metric] = new RequestCounts(snapshots.Sum(s => (double)s.Requests), snapshots.Sum(s => (double)s.Errors));
                        break;
                    case CheckKind.CounterRate when check.Metric == Check.FrontDoorRequestsMetric:
                        counters[check.Metric] = snapshots.Sum(s => (double)s.Requests);
                        break;
                    case CheckKind.LatencyQuantile when check.Metric == Check.FrontDoorLatencyMetric:
                        histograms[check.Metric] = Histogram(snapshots);
                        break;
                }
            }
        }

        return Task.FromResult(new GroupSnapshot
        {
            // Every given instance counts for per-instance rates: one the front door has not sent a request yet served none.
            Instances = ids.Count,
            Requests = requests,
            Histograms = histograms,
            Counters = counters,
        });
    }

    private static HistogramSnapshot Histogram(List<RecorderSnapshot> snapshots)
    {
        var bounds = RequestRecorder.Bounds;
        var buckets = new List<HistogramBucket>(bounds.Length + 1);
        var cumulative = 0.0;
        for (var i = 0; i <= bounds.Length; i++)
        {
            cumulative += snapshots.Sum(s => (double)s.Buckets[i]);
            buckets.Add(new HistogramBucket(i < bounds.Length ? bounds[i] : double.PositiveInfinity, cumulative));
        }

        return new HistogramSnapshot(buckets, snapshots.Sum(s => s.SumSeconds), cumulative);
    }
}
