using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Delivery;
using Slipway.Core.Journal;
using Slipway.Server.Auth;
using Slipway.Server.Journal;

namespace Slipway.Server.Api;

/// <summary><c>GET /api/metrics/dora</c>: the four DORA metrics over the last <c>days</c> (1 to 365, default 30), computed from the journal.</summary>
internal static class DoraApi
{
    public static IEndpointRouteBuilder MapDoraApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/metrics/dora", async Task<Ok<DoraReport>> (int? days, string? service, IJournalStore store, TimeProvider time, CancellationToken ct) =>
        {
            var window = days ?? 30;
            if (window is < 1 or > 365)
            {
                throw new SlipwayProblemException(400, "Invalid days", $"days is 1 to 365, not {window}.");
            }

            ApiLimits.Length(service, ApiLimits.MaxNameLength, "service");
            var events = new List<(DateTimeOffset, SlipwayEvent)>();
            await foreach (var record in store.ReadAsync(0, ct))
            {
                if (Relevant(record.Type) && (service is null || record.Stream == service))
                {
                    events.Add((record.Timestamp, EventSerializer.FromRecord(record)));
                }
            }

            var to = time.GetUtcNow();
            return TypedResults.Ok(DoraCalculator.Compute(events, to.AddDays(-window), to));
        }).AddEndpointFilter<ProblemFilter>().WithTags("Metrics").RequireScope(TokenScope.Read);
        return routes;
    }

    private static bool Relevant(string type) => type is "CommitDetected" or "PipelineQueued" or "RolloutStarted" or "RollbackRequested"
        or "RollbackStarted" or "RolloutPromoted" or "RolloutRolledBack" or "WatchFailed";
}
