namespace Slipway.Core.Config;

/// <summary>One entry of the <c>checks:</c> list: a metric the judge compares between the new and the old version.</summary>
public sealed record CheckConfig
{
    /// <summary>Unique name of the check, used in verdicts and evidence.</summary>
    public required string Name { get; init; }

    /// <summary>Prometheus metric name (for example <c>http_requests_total</c>).</summary>
    public required string Metric { get; init; }

    public required CheckKind Kind { get; init; }

    /// <summary>The quantile, between 0 and 1 exclusive; set only for <see cref="CheckKind.LatencyQuantile"/>.</summary>
    public double? Quantile { get; init; }

    public BadDirection Bad { get; init; } = BadDirection.Increase;

    /// <summary>The smallest change that counts; <see langword="null"/> means the judge's default.</summary>
    public MinEffect? MinEffect { get; init; }

    /// <summary>A critical check rolls back on its own; a non-critical one only adds evidence.</summary>
    public bool Critical { get; init; }
}
