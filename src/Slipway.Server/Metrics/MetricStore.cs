using Slipway.Agent.Protocol;
using Slipway.Core.Metrics;

namespace Slipway.Server.Metrics;

/// <summary>
/// The latest cumulative samples of every instance, as the agents scrape them. A failed scrape keeps the
/// last good samples (the counts they show did happen) and records the error. An instance disappears when
/// its host's report no longer names it, or when it leaves the fleet.
/// </summary>
internal sealed class MetricStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (InstanceMetrics Metrics, CounterResetTracker Resets)> _instances = new(StringComparer.Ordinal);

    public void Record(MetricsReportV1 report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock)
        {
            // A report is the host's whole truth: what it no longer mentions, it no longer runs.
            var named = report.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _instances.Where(e => e.Value.Metrics.Host == report.Host && !named.Contains(e.Key)).Select(e => e.Key).ToList())
            {
                _instances.Remove(gone);
            }

            foreach (var scrape in report.Instances)
            {
                if (!_instances.TryGetValue(scrape.InstanceId, out var entry))
                {
                    entry = (new InstanceMetrics(scrape.InstanceId, scrape.Service, scrape.Version, report.Host, null, [], scrape.ScrapedAt, null, 0), new CounterResetTracker());
                }

                var metrics = scrape.Error is null
                    ? entry.Metrics with
                    {
                        Host = report.Host,
                        ScrapedAt = scrape.ScrapedAt,
                        Samples = entry.Resets.Correct(scrape.Samples.Select(s => new MetricSample(s.Name, s.Labels, s.Value)), scrape.Types),
                        LastAttemptAt = scrape.ScrapedAt,
                        LastError = null,
                        SkippedLines = scrape.SkippedLines,
                    }
                    : entry.Metrics with { Host = report.Host, LastAttemptAt = scrape.ScrapedAt, LastError = scrape.Error };
                _instances[scrape.InstanceId] = (metrics, entry.Resets);
            }
        }
    }

    /// <summary>Forgets every instance that is not in <paramref name="fleet"/> (the desired fleet's instance ids).</summary>
    public void RetainOnly(IReadOnlySet<string> fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        lock (_lock)
        {
            foreach (var gone in _instances.Keys.Where(id => !fleet.Contains(id)).ToList())
            {
                _instances.Remove(gone);
            }
        }
    }

    public InstanceMetrics? Get(string instanceId)
    {
        lock (_lock)
        {
            return _instances.TryGetValue(instanceId, out var entry) ? entry.Metrics : null;
        }
    }

    public IReadOnlyList<InstanceMetrics> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _instances.Values.Select(e => e.Metrics)];
            }
        }
    }
}
