namespace Slipway.Agent.Protocol;

/// <summary>
/// Agent protocol v1: one instance's scrape. <see cref="Error"/> is null when the scrape worked; otherwise
/// it says why (refused, timed out, HTTP 500, not listening) and <see cref="Samples"/> is empty, never zeros.
/// <see cref="Types"/> maps each family to its <c># TYPE</c>; <see cref="SkippedLines"/> counts malformed lines.
/// </summary>
public sealed record InstanceMetricsV1(
    string InstanceId,
    string Service,
    string Version,
    DateTimeOffset ScrapedAt,
    string? Error,
    IReadOnlyList<MetricSampleV1> Samples,
    IReadOnlyDictionary<string, string> Types,
    int SkippedLines);
