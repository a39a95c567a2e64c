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

    /// <summary>
    /// Further series names that stand for <see cref="Metric"/> when a group does not expose it (for example the
    /// OpenTelemetry name of the same histogram). The first one a group exposes is read, under <see cref="Metric"/>.
    /// </summary>
    public IReadOnlyList<string> Alternatives { get; init; } = [];

    /// <summary>
    /// True for a check on the instance's own metrics that Slipway adds by default: when neither version exposes the
    /// series, the check is "not comparable" rather than short of data, and the front-door checks decide.
    /// </summary>
    public bool Optional { get; init; }

    /// <summary>Every name the check reads, <see cref="Metric"/> first.</summary>
    public IEnumerable<string> Names => [Metric, .. Alternatives];

    /// <summary>The quantile a check holds when it is no <see cref="CheckKind.LatencyQuantile"/> (where it is unused).</summary>
    public const double DefaultQuantile = 0.99;

    /// <summary>What the front door counted: requests by status class (label <c>code</c>: 1xx … 5xx).</summary>
    public const string FrontDoorRequestsMetric = "slipway_frontdoor_requests_total";

    /// <summary>What the front door timed, from the request's arrival to the end of the instance's answer.</summary>
    public const string FrontDoorLatencyMetric = "slipway_frontdoor_request_duration_seconds";

    /// <summary>The prefix of every series the front door answers rather than the instances' own /metrics.</summary>
    public const string FrontDoorPrefix = "slipway_frontdoor_";

    public const string RequestsMetric = "http_requests_total";

    public const string LatencyMetric = "http_request_duration_seconds";

    /// <summary>The OpenTelemetry ASP.NET Core histogram (<c>http.server.request.duration</c>) as a Prometheus exporter names it.</summary>
    public const string OpenTelemetryLatencyMetric = "http_server_request_duration_seconds";

    /// <summary>
    /// The checks a service gets when it declares none. The first three read what the front door measured, so any HTTP
    /// service has them with no code: error ratio +1 pp (critical), p99 latency +20% (critical), and throughput down 20%
    /// (not critical). The last two read the instance's own metrics when it has them (<c>http_requests_total</c> and
    /// <c>http_request_duration_seconds</c>, or the OpenTelemetry names), and are "not comparable" when it has not.
    /// </summary>
    public static IReadOnlyList<Check> Defaults { get; } =
    [
        new Check
        {
            Name = "error ratio",
            Metric = FrontDoorRequestsMetric,
            Kind = CheckKind.ErrorRatio,
            Bad = BadDirection.Increase,
            MinimumEffect = 0.01,
            Critical = true,
        },
        new Check
        {
            Name = "p99 latency",
            Metric = FrontDoorLatencyMetric,
            Kind = CheckKind.LatencyQuantile,
            Quantile = 0.99,
            Bad = BadDirection.Increase,
            MinimumEffect = 0.20,
            Critical = true,
        },
        new Check
        {
            Name = "throughput",
            Metric = FrontDoorRequestsMetric,
            Kind = CheckKind.CounterRate,
            Bad = BadDirection.Decrease,
            MinimumEffect = 0.20,
            Critical = false,
        },
        new Check
        {
            Name = "service error ratio",
            Metric = RequestsMetric,
            Alternatives = [OpenTelemetryLatencyMetric + "_count", "http_requests_received_total"],
            Kind = CheckKind.ErrorRatio,
            Bad = BadDirection.Increase,
            MinimumEffect = 0.01,
            Critical = true,
            Optional = true,
        },
        new Check
        {
            Name = "service p99 latency",
            Metric = LatencyMetric,
            Alternatives = [OpenTelemetryLatencyMetric],
            Kind = CheckKind.LatencyQuantile,
            Quantile = 0.99,
            Bad = BadDirection.Increase,
            MinimumEffect = 0.20,
            Critical = true,
            Optional = true,
        },
    ];
}
