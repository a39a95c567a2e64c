using Slipway.Core.Judge;

namespace Slipway.Server.Metrics;

/// <summary>
/// The embedded metric source: the agents' own scrapes of each instance's <c>/metrics</c>, kept in the
/// <see cref="MetricStore"/>. <see cref="GroupSnapshot.Instances"/> counts the given instances of the service
/// that have had at least one successful scrape; the others add nothing.
/// </summary>
internal sealed class ScrapedMetricSource(MetricStore store) : IMetricSource
{
    public Task<GroupSnapshot> SnapshotAsync(string service, IReadOnlyList<string> instanceIds, IReadOnlyList<Check> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        var scraped = instanceIds
            .Distinct(StringComparer.Ordinal)
            .Select(store.Get)
            .Where(m => m is { ScrapedAt: not null } && m.Service == service)
            .Select(m => m!.Samples)
            .ToList();
        return Task.FromResult(SampleAggregation.Sum(scraped, checks));
    }
}
