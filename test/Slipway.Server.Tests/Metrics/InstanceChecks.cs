using Slipway.Core.Judge;

namespace Slipway.Server.Tests.Metrics;

/// <summary>
/// The three default checks as they read an instance's own /metrics (before the front door measured requests):
/// what these source tests exercise, independent of <see cref="Check.Defaults"/>.
/// </summary>
internal static class InstanceChecks
{
    public static readonly IReadOnlyList<Check> All =
    [
        new() { Name = "error ratio", Metric = Check.RequestsMetric, Kind = CheckKind.ErrorRatio, MinimumEffect = 0.01 },
        new() { Name = "p99 latency", Metric = Check.LatencyMetric, Kind = CheckKind.LatencyQuantile, Quantile = 0.99, MinimumEffect = 0.2 },
        new() { Name = "throughput", Metric = Check.RequestsMetric, Kind = CheckKind.CounterRate, Bad = BadDirection.Decrease, MinimumEffect = 0.2, Critical = false },
    ];
}
