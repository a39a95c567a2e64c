using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Agent.Protocol;
using Slipway.Server.Agents;
using Slipway.Server.Auth;
using Slipway.Server.Pipelines;

namespace Slipway.Server.Api;

/// <summary>Agent protocol v1 over HTTP. A v2 goes beside it, never in its place.</summary>
internal static class AgentApi
{
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/api/agent/v1").AddEndpointFilter<ProblemFilter>().WithTags("Agent protocol v1").RequireScope(TokenScope.Agent);
        v1.MapGet("/desired", async (string host, long? after, HttpContext http, AgentHub hub, CancellationToken ct) =>
        {
            CallerAccess.EnsureHost(http, host);
            return TypedResults.Ok(await hub.GetDesiredAsync(host, after ?? -1, ct));
        });
        v1.MapPost("/report", async Task<Results<NoContent, ProblemHttpResult>> (AgentReportV1 report, HttpContext http, AgentHub hub, CancellationToken ct) =>
        {
            CallerAccess.EnsureHost(http, report.Host);
            // JSON null or missing members bind as null: a report without its host or instances is malformed, not a crash.
            if (report is null || string.IsNullOrWhiteSpace(report.Host) || report.Instances is null || report.Instances.Any(i => i is null || string.IsNullOrEmpty(i.Id)))
            {
                return TypedResults.Problem(title: "Malformed agent report", detail: "An agent report needs a host and a list of instances, each with an id.", statusCode: StatusCodes.Status400BadRequest);
            }

            CheckHost(report.Host, report.Instances.Count);
            foreach (var instance in report.Instances)
            {
                ApiLimits.Length(instance.Id, ApiLimits.MaxNameLength, "instances[].id");
            }

            await hub.ReportAsync(report, ct);
            return TypedResults.NoContent();
        });
        v1.MapPost("/metrics", async Task<Results<NoContent, ProblemHttpResult>> (MetricsReportV1 report, HttpContext http, AgentHub hub, CancellationToken ct) =>
        {
            // As for a report: JSON null or missing members bind as null, and would crash the hub.
            if (report is null || string.IsNullOrWhiteSpace(report.Host) || report.Instances is null || !report.Instances.All(WellFormed))
            {
                return TypedResults.Problem(title: "Malformed metrics report", detail: "A metrics report needs a host and a list of instances, each with an id, a service, a version, and its samples (names, labels) and types unless it has an error.", statusCode: StatusCodes.Status400BadRequest);
            }

            CheckHost(report.Host, report.Instances.Count);
            CallerAccess.EnsureHost(http, report.Host);
            await hub.ReportMetricsAsync(report, ct);
            return TypedResults.NoContent();
        });

        routes.MapGet("/api/artifacts/{digest}", (string digest, ArtifactStore artifacts) =>
            digest.Length == 64 && digest.All(char.IsAsciiHexDigitLower) && artifacts.Exists(digest)
                ? Results.File(artifacts.PathOf(digest), "application/gzip", enableRangeProcessing: true)
                : TypedResults.Problem(title: "Unknown artifact", detail: $"No artifact with digest '{digest}'.", statusCode: StatusCodes.Status404NotFound))
            .AddEndpointFilter<ProblemFilter>()
            .WithTags("Agent protocol v1")
            .RequireScope(TokenScope.Agent);
        return routes;
    }

    /// <summary>Every member the metric store reads is there: JSON null binds as null even where the record says otherwise.</summary>
    private static bool WellFormed(InstanceMetricsV1? scrape) =>
        scrape is { InstanceId.Length: > 0 and <= ApiLimits.MaxNameLength, Service: not null, Version: not null }
        && (scrape.Error is not null
            || (scrape.Samples is not null && scrape.Types is not null && scrape.Samples.All(s => s is { Name: not null, Labels: not null })));

    private static void CheckHost(string host, int instances)
    {
        ApiLimits.Length(host, ApiLimits.MaxHostLength, "host");
        if (instances > ApiLimits.MaxInstancesPerReport)
        {
            throw new SlipwayProblemException(413, "Report too large", $"At most {ApiLimits.MaxInstancesPerReport} instances per report.");
        }
    }
}
