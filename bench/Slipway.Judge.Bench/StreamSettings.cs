namespace Slipway.Judge.Bench;

/// <summary>Traffic shape shared by every scenario: Poisson arrivals per instance, log-normal latency, Prometheus-style buckets.</summary>
internal sealed record StreamSettings
{
    public double RequestsPerSecond { get; init; } = 50;

    /// <summary>Median latency of the old version, in seconds.</summary>
    public double MedianLatency { get; init; } = 0.050;

    /// <summary>Log-normal shape: the standard deviation of log latency.</summary>
    public double LatencySigma { get; init; } = 0.5;

    public IReadOnlyList<double> Buckets { get; init; } = PrometheusBuckets;

    /// <summary>Coarse bounds, as a service's own Prometheus histogram usually has them.</summary>
    public static IReadOnlyList<double> PrometheusBuckets { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10];

    /// <summary>The front door's bounds (RequestRecorder.Bounds): 0.5 ms to about 33 s, three per doubling.</summary>
    public static IReadOnlyList<double> FrontDoorBuckets { get; } =
        [.. Enumerable.Range(0, 49).Select(i => Math.Round(0.0005 * Math.Pow(2, i / 3.0), 6))];

    /// <summary>Longest simulated bake, in seconds (scrapes are one per second).</summary>
    public int HorizonSeconds { get; init; } = 300;

    /// <summary>The old version's true p99, for the Flagger-style fixed threshold.</summary>
    public double TrueP99 => MedianLatency * Math.Exp(LatencySigma * 2.3263478740408408);
}
