namespace Slipway.Server.Metrics;

/// <summary>One entry of Prometheus' HTTP service-discovery answer: <c>{"targets": ["host:port"], "labels": {…}}</c>.</summary>
internal sealed record PrometheusTargetGroup(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Labels);
