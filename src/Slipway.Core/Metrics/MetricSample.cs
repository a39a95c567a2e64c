namespace Slipway.Core.Metrics;

/// <summary>
/// One sample line of the Prometheus text format: the sample's full name (for a histogram that is
/// <c>x_bucket</c>, <c>x_sum</c> or <c>x_count</c>), its labels, its value (which may be NaN or ±Inf)
/// and the optional timestamp in milliseconds since the Unix epoch.
/// </summary>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? TimestampMs = null);
