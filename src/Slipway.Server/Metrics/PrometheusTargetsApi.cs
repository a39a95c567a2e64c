using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Slipway.Server.Agents;
using Slipway.Server.Api;
using Slipway.Server.Auth;

namespace Slipway.Server.Metrics;

/// <summary><c>GET /api/prometheus/v1/targets</c>: the listening instances in Prometheus' HTTP service-discovery format (for <c>http_sd_configs</c>).</summary>
internal static class PrometheusTargetsApi
{
    public static IEndpointRouteBuilder MapPrometheusTargetsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/prometheus/v1/targets", (AgentHub hub) => TypedResults.Ok(PrometheusTargets.For(hub.All)))
            .AddEndpointFilter<ProblemFilter>()
            .RequireScope(TokenScope.Read)
            .WithTags("Prometheus service discovery v1");
        return routes;
    }
}
