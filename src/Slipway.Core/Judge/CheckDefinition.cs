namespace Slipway.Core.Judge;

/// <summary>
/// One entry of <c>checks:</c> in <c>slipway.yml</c> as the parser read it, before validation.
/// <code>
/// - name: error ratio
///   metric: http_requests_total
///   kind: error_ratio          # error_ratio | latency_quantile | counter_rate
///   quantile: 0.99             # latency_quantile only
///   bad: increase              # increase | decrease | either
///   min_effect: 1pp            # "1pp" for error_ratio, "20%" for the others
///   critical: true
/// </code>
/// </summary>
public sealed record CheckDefinition
{
    public string? Name { get; init; }

    public string? Metric { get; init; }

    public string? Kind { get; init; }

    public double? Quantile { get; init; }

    public string? Bad { get; init; }

    public string? MinEffect { get; init; }

    public bool? Critical { get; init; }
}
