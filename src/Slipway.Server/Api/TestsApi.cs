using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Journal;
using Slipway.Server.Auth;
using Slipway.Server.Journal;
using Slipway.Server.Services;
using Slipway.Server.State;

namespace Slipway.Server.Api;

/// <summary>
/// <c>GET /api/services/{name}/tests</c>: the slowest tests, the flaky ones with their flake rates, the quarantined ones,
/// the recent test runs (seed, shards, verdicts) and the live shard progress of a run that is testing now.
/// <c>DELETE /api/services/{name}/tests/quarantine/{test}</c> takes a test out of quarantine.
/// </summary>
internal static class TestsApi
{
    public static IEndpointRouteBuilder MapTestsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/services/{name}/tests").AddEndpointFilter<ProblemFilter>().WithTags("Tests").RequireScope(TokenScope.Read, TokenScope.Deploy);

        api.MapGet("/", Results<Ok<TestHistoryResponse>, ProblemHttpResult> (string name, int? top, EventJournal journal) =>
        {
            if (top is < 1 or > 1000)
            {
                throw new SlipwayProblemException(400, "Bad top", $"top must be between 1 and 1000, not {top}.");
            }

            var history = journal.Read(s => s.Services.ContainsKey(name)
                ? View(name, s.TestHistories.GetValueOrDefault(name) ?? new TestHistory(), top ?? 10)
                : null);
            return history is null ? ServicesApi.NotFound(name) : TypedResults.Ok(history);
        });

        api.MapDelete("/quarantine/{test}", async Task<Results<Ok<QuarantineReleaseResponse>, ProblemHttpResult>> (string name, string test, HttpContext http, EventJournal journal, CancellationToken ct) =>
        {
            var known = journal.Read(s => !s.Services.ContainsKey(name)
                ? (bool?)null
                : s.TestHistories.TryGetValue(name, out var h) && h.Tests.TryGetValue(test, out var r) && r.Quarantined);
            if (known is null)
            {
                return ServicesApi.NotFound(name);
            }

            if (known is false)
            {
                return TypedResults.Problem(title: "Not quarantined", detail: $"{name} has no quarantined test named '{test}'.", statusCode: StatusCodes.Status404NotFound);
            }

            await journal.AppendAsync(new TestReleasedFromQuarantine(name, test, FlagsApi.By(http, null)), ct);
            return TypedResults.Ok(new QuarantineReleaseResponse(name, test, $"{test} is out of quarantine: its failures block releases again"));
        });

        return routes;
    }

    internal static TestHistoryResponse View(string service, TestHistory history, int top)
    {
        var records = history.Tests.Values;
        return new TestHistoryResponse(
            service,
            history.StageRuns,
            history.Live.Values
                .OrderBy(p => p.Assembly, StringComparer.Ordinal).ThenBy(p => p.Shard)
                .Select(p => $"{p.RunId} shard {p.Shard}/{p.ShardCount}: {p.Passed}/{p.Total} passed{(p.Failed > 0 ? $", {p.Failed} failed" : string.Empty)} (seed {p.Seed})")
                .ToList(),
            records
                .Where(r => r.Durations.Count > 0)
                .OrderByDescending(r => r.MeanSeconds).ThenBy(r => r.Name, StringComparer.Ordinal)
                .Take(top)
                .Select(r => new SlowTestView(r.Name, r.Assembly, Math.Round(r.LastSeconds, 4), Math.Round(r.MeanSeconds, 4), r.Runs))
                .ToList(),
            records
                .Where(r => r.FlakyRuns > 0)
                .OrderByDescending(r => r.FlakeRate).ThenBy(r => r.Name, StringComparer.Ordinal)
                .Take(top)
                .Select(r => new FlakyTestView(
                    r.Name, r.Assembly, Math.Round(r.FlakeRate, 4), r.FlakyRuns, r.Runs, r.Quarantined,
                    r.FlakeRates.Select(p => new FlakePoint(p.At, p.RunId, p.Rate)).ToList()))
                .ToList(),
            records
                .Where(r => r.Quarantined)
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => new QuarantinedTestView(r.Name, r.Assembly, r.QuarantinedAt, r.QuarantinedInRun, Math.Round(r.FlakeRate, 4), r.Runs, r.LastOutcome))
                .ToList(),
            history.RecentRuns
                .AsEnumerable().Reverse()
                .Take(top)
                .ToList());
    }
}
