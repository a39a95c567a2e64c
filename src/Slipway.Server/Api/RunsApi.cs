using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Server.Auth;
using Slipway.Server.Hosting;
using Slipway.Core.Journal;
using Slipway.Server.Journal;

namespace Slipway.Server.Api;

internal static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").AddEndpointFilter<ProblemFilter>().WithTags("Runs and rollouts").RequireScope(TokenScope.Read);

        api.MapGet("/runs/{runId}", Results<Ok<RunDetail>, ProblemHttpResult> (string runId, EventJournal journal) =>
        {
            var run = journal.Read(s => s.Runs.TryGetValue(runId, out var r) ? Views.RunDetail(r) : null);
            return run is null ? Missing("run", runId) : TypedResults.Ok(run);
        });

        api.MapGet("/runs/{runId}/logs/{step}", Results<PhysicalFileHttpResult, ProblemHttpResult> (string runId, string step, ServerPaths paths) =>
        {
            if (step is not ("build" or "test") || runId.Contains('/', StringComparison.Ordinal) || runId.Contains("..", StringComparison.Ordinal))
            {
                return Missing("log", $"{runId}/{step}");
            }

            var path = Path.Combine(paths.Logs, runId, step + ".log");
            return File.Exists(path) ? TypedResults.PhysicalFile(path, "text/plain; charset=utf-8") : Missing("log", $"{runId}/{step}");
        });

        api.MapGet("/runs/{runId}/tests", async Task<Results<Ok<RunTestsView>, ProblemHttpResult>> (string runId, EventJournal journal, IJournalStore store, CancellationToken ct) =>
        {
            var service = journal.Read(s => s.Runs.TryGetValue(runId, out var r) ? r.Service : null);
            if (service is null)
            {
                return Missing("pipeline run", runId);
            }

            // The test stage's record is in the journal, not the projection: one pass over the service's events.
            TestStageCompleted? stage = null;
            await foreach (var record in store.ReadAsync(0, ct))
            {
                if (record.Stream == service && record.Type == "TestStageCompleted" && EventSerializer.FromRecord(record) is TestStageCompleted t && t.RunId == runId)
                {
                    stage = t;
                }
            }

            var live = journal.Read(s => s.TestHistories.TryGetValue(service, out var h) && h.LiveRunId == runId
                ? h.Live.Values.OrderBy(p => p.Assembly, StringComparer.Ordinal).ThenBy(p => p.Shard).ToList()
                : []);
            return TypedResults.Ok(new RunTestsView(
                runId,
                stage is null ? null : new TestStageView(
                    stage.Seed,
                    stage.ShardCount,
                    stage.Outcome,
                    stage.Blocks,
                    stage.Total,
                    stage.Passed,
                    stage.Failed,
                    [.. stage.Tests.Where(t => t.Outcome != "passed").Take(200)],
                    [.. stage.Tests.OrderByDescending(t => t.Seconds).Take(10)],
                    stage.Triage,
                    stage.Quarantined,
                    stage.Warnings,
                    [.. stage.Shards.Select(h => new TestShardView(h.Assembly, h.Number, h.OrderCount, h.TimedOut, h.RunningAtTimeout, h.Seconds))],
                    stage.FailFast),
                live));
        });

        api.MapGet("/rollouts/{rolloutId}", Results<Ok<RolloutDetail>, ProblemHttpResult> (string rolloutId, EventJournal journal, Rollouts.BakeBoard bakes) =>
        {
            var rollout = journal.Read(s => s.Rollouts.TryGetValue(rolloutId, out var r) ? Views.RolloutDetail(r, bakes) : null);
            return rollout is null ? Missing("rollout", rolloutId) : TypedResults.Ok(rollout);
        });

        return routes;
    }

    private static ProblemHttpResult Missing(string what, string id) =>
        TypedResults.Problem(title: $"Unknown {what}", detail: $"No {what} '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
