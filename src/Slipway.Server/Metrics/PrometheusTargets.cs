using System.Globalization;
using Slipway.Agent.Protocol;

namespace Slipway.Server.Metrics;

/// <summary>
/// Prometheus HTTP service discovery for Slipway's instances: every listening instance is a target
/// <c>{address}:{port}</c> labelled with <c>slipway_instance</c>, <c>slipway_service</c> and <c>slipway_version</c>,
/// which is what <see cref="PrometheusMetricSource"/> selects by.
/// </summary>
internal static class PrometheusTargets
{
    public static IReadOnlyList<PrometheusTargetGroup> For(IEnumerable<InstanceStatusV1> instances) =>
        instances
            .Where(i => i.State == InstanceStates.Listening && i.Port is not null)
            .OrderBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => new PrometheusTargetGroup(
                [$"{i.Address}:{i.Port!.Value.ToString(CultureInfo.InvariantCulture)}"],
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [PrometheusLabels.Instance] = i.Id,
                    [PrometheusLabels.Service] = i.Service,
                    [PrometheusLabels.Version] = i.Version,
                }))
            .ToList();
}
