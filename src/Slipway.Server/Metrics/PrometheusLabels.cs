namespace Slipway.Server.Metrics;

/// <summary>The target labels Slipway's service discovery gives every instance, and that its PromQL selects by.</summary>
internal static class PrometheusLabels
{
    public const string Instance = "slipway_instance";
    public const string Service = "slipway_service";
    public const string Version = "slipway_version";
}
