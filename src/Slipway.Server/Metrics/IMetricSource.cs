using Slipway.Core.Judge;

namespace Slipway.Server.Metrics;

/// <summary>
/// Where the judge's numbers come from. The embedded default is the agents' own scrapes of each instance's
/// /metrics; a real Prometheus server (queried with PromQL) is the other source.
/// </summary>
public interface IMetricSource
{
    /// <summary>
    /// The current cumulative counts of the given instances, summed: request and error counts per request metric,
    /// latency histograms, counters. A series that no instance reported is left out (never reported as zero).
    /// </summary>
    Task<GroupSnapshot> SnapshotAsync(string service, IReadOnlyList<string> instanceIds, IReadOnlyList<Check> checks, CancellationToken cancellationToken);
}
