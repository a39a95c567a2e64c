namespace Slipway.Core.Judge;

/// <summary>
/// One comparison between the new version and the old one.
/// <see cref="MinimumEffect"/> is a fraction: for <see cref="CheckKind.ErrorRatio"/> it is absolute
/// (0.01 = 1 percentage point); for the other kinds it is relative (0.2 = 20%).
/// <c>slipway.yml</c> gives them as <see cref="Config.ServiceConfig.Checks"/>, validated by <see cref="Config.SlipwayConfigParser"/>.
/// </summary>
public sealed record Check
{
    public required string Name { get; init; }

    /// <summary>The series name the collector fills in a <see cref="GroupSnapshot"/>.</summary>
    public required string Metric { get; init; }

    public required CheckKind Kind { get; init; }

    /// <summary>The quantile for <see cref="CheckKind.LatencyQuantile"/>, in (0, 1). Ignored otherwise.</summary>
    public double Quantile { get; init; } = DefaultQuantile;

    public BadDirection Bad { get; init; } = BadDirection.Increase;

    public required double MinimumEffect { get; init; }

    /// <summary>A critical check that clearly regresses rolls the release back.</summary>
    public bool Critical { get; init; } = true;

    /// <summary>The quantile a check holds when it is no <see cref="CheckKind.LatencyQuantile"/> (where it is unused).</summary>
    public const double DefaultQuantile = 0.99;

    public const string RequestsMetric = "http_requests_total";

    public const string LatencyMetric = "http_request_duration_seconds";

    /// <summary>
    /// The checks a web service gets when it declares none: error ratio +1 pp (critical),
    /// p99 latency +20% (critical), and throughput down 20% (not critical).
    /// </summary>
    public static IReadOnlyList<Check> Defaults { get; } =
    [
        new Check
        {
            Name = "error ratio",
            Metric = RequestsMetric,
            Kind = CheckKind.ErrorRatio,
            Bad = BadDirection.Increase,
            MinimumEffect = 0.01,
            Critical = true,
        },
        new Check
        {
            Name = "p99 latency",
            Metric = LatencyMetric,
            Kind = CheckKind.LatencyQuantile,
            Quantile = 0.99,
            Bad = BadDirection.Increase,
            MinimumEffect = 0.20,
            Critical = true,
        },
        new Check
        {
            Name = "throughput",
            Metric = RequestsMetric,
            Kind = CheckKind.CounterRate,
            Bad = BadDirection.Decrease,
            MinimumEffect = 0.20,
            Critical = false,
        },
    ];
}
