namespace Slipway.Core.Metrics;

/// <summary>
/// What <see cref="PrometheusTextParser"/> read from one exposition: the samples in order, the declared
/// <c># TYPE</c> of each family (family name → <c>counter</c>, <c>histogram</c>, …), and how many lines
/// were malformed and skipped (with the first such problem, for logs).
/// </summary>
internal sealed record ParsedScrape(
    IReadOnlyList<MetricSample> Samples,
    IReadOnlyDictionary<string, string> Types,
    int SkippedLines,
    string? FirstProblem);
