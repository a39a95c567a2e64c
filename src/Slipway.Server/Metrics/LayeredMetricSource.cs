using Slipway.Core.Judge;

namespace Slipway.Server.Metrics;

/// <summary>
/// The front door first, the instances' own metrics after: checks on <c>slipway_frontdoor_*</c> series are answered by
/// the front door, every other check by <see cref="Further"/> (the agents' scrapes of /metrics, or Prometheus), which is
/// not asked at all when no check needs it. A failing further source fails the look, as it always has: never a pass.
/// </summary>
internal sealed class LayeredMetricSource(IMetricSource frontDoor, IMetricSource further) : IMetricSource
{
    public IMetricSource FrontDoor => frontDoor;

    public IMetricSource Further => further;

    public async Task<GroupSnapshot> SnapshotAsync(string service, IReadOnlyList<string> instanceIds, IReadOnlyList<Check> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var front = checks.Where(IsFrontDoor).ToList();
        var rest = checks.Where(c => !IsFrontDoor(c)).ToList();
        var fromFront = front.Count > 0 ? await frontDoor.SnapshotAsync(service, instanceIds, front, cancellationToken) : null;
        var fromRest = rest.Count > 0 ? await further.SnapshotAsync(service, instanceIds, rest, cancellationToken) : null;
        if (fromFront is null || fromRest is null)
        {
            return fromFront ?? fromRest ?? new GroupSnapshot { Instances = 0 };
        }

        return new GroupSnapshot
        {
            // Rates of front-door series are per routed instance; the instances' own counters are per scraped instance.
            Instances = fromFront.Instances,
            Requests = Merge(fromFront.Requests, fromRest.Requests),
            Histograms = Merge(fromFront.Histograms, fromRest.Histograms),
            Counters = Merge(fromFront.Counters, fromRest.Counters),
        };
    }

    public static bool IsFrontDoor(Check check) => check.Metric.StartsWith(Check.FrontDoorPrefix, StringComparison.Ordinal);

    private static Dictionary<string, T> Merge<T>(IReadOnlyDictionary<string, T> first, IReadOnlyDictionary<string, T> second)
    {
        var merged = new Dictionary<string, T>(second, StringComparer.Ordinal);
        foreach (var (key, value) in first)
        {
            merged[key] = value;
        }

        return merged;
    }
}
