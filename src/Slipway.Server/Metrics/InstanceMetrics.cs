using Slipway.Core.Metrics;

namespace Slipway.Server.Metrics;

/// <summary>
/// What the server knows about one instance's metrics: the latest successful scrape (cumulative samples,
/// corrected across process restarts) and when it was taken, plus the latest attempt's error, if it failed.
/// <see cref="ScrapedAt"/> is null while no scrape has worked yet; <see cref="Samples"/> is then empty.
/// </summary>
internal sealed record InstanceMetrics(
    string InstanceId,
    string Service,
    string Version,
    string Host,
    DateTimeOffset? ScrapedAt,
    IReadOnlyList<MetricSample> Samples,
    DateTimeOffset LastAttemptAt,
    string? LastError,
    int SkippedLines);
