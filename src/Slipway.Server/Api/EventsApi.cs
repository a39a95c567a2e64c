using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Slipway.Core.Journal;
using Slipway.Server.Agents;
using Slipway.Server.Auth;
using Slipway.Server.Journal;
using Slipway.Server.WebConsole;

namespace Slipway.Server.Api;

/// <summary>
/// The journal for people: a live stream of what is appended (the console's server-sent events), the history as a
/// filterable timeline (who, what, why), who the caller is (so the console shows controls only to those who may use them),
/// and the agents the server hears from (the console's fleet).
/// </summary>
internal static class EventsApi
{
    public const int MaxHistory = 500;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").AddEndpointFilter<ProblemFilter>().WithTags("Journal").RequireScope(TokenScope.Read);
        api.MapGet("/events/stream", StreamAsync);
        api.MapGet("/events", HistoryAsync);
        api.MapGet("/agents", (AgentHub agents) => TypedResults.Ok(agents.Agents()));
        api.MapGet("/whoami", (HttpContext http) =>
        {
            var token = CallerAccess.Of(http)?.Token;
            var scope = token?.Scope ?? TokenScope.Admin;
            return TypedResults.Ok(new WhoAmIResponse(
                token?.Name ?? "api",
                TokenScopes.Name(scope),
                TokenScopes.Satisfies(scope, TokenScope.Deploy),
                TokenScopes.Satisfies(scope, TokenScope.Admin)));
        });
        return routes;
    }

    /// <summary>Every journal append as an SSE frame (<c>event: journal</c>), a keep-alive comment every 15 s, and
    /// <c>event: lost</c> when the client's buffer overflowed (the page then reloads what it shows).</summary>
    private static async Task StreamAsync(HttpContext http, JournalStreamHub hub, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        using var subscription = hub.TrySubscribe()
            ?? throw new SlipwayProblemException(503, "Too many streams", $"At most {JournalStreamHub.MaxStreams} console streams are open at once; close one and retry.");
        await ServerSentEvents.StreamAsync(
            http,
            lifetime,
            time,
            TimeSpan.FromSeconds(15),
            subscription.Reader,
            headers: null,
            "retry: 2000\nevent: ready\ndata: {}\n\n",
            async (reader, response, ct) =>
            {
                if (subscription.TakeLost() is > 0 and var lost)
                {
                    await response.WriteAsync($"event: lost\ndata: {{\"frames\":{lost}}}\n\n", ct);
                }

                while (reader.TryRead(out var frame))
                {
                    await response.WriteAsync(frame, ct);
                }
            });
    }

    /// <summary>
    /// The journal newest first, at most <c>limit</c> (≤ 500) entries, before sequence <c>before</c>, filtered by service,
    /// event type and a text that must occur in the line or its who/why. Payloads are not returned: a line, who and why.
    /// </summary>
    private static async Task<Results<Ok<JournalEntriesResponse>, ProblemHttpResult>> HistoryAsync(
        string? service, string? type, string? text, long? before, int? limit, IJournalStore store, CancellationToken ct)
    {
        var take = limit ?? 200;
        if (take is < 1 or > MaxHistory)
        {
            throw new SlipwayProblemException(400, "Invalid limit", $"limit is 1 to {MaxHistory}, not {take}.");
        }

        ApiLimits.Length(service, ApiLimits.MaxNameLength, "service");
        ApiLimits.Length(type, ApiLimits.MaxNameLength, "type");
        ApiLimits.Length(text, ApiLimits.MaxNameLength, "text");
        if (type is not null && !EventTypes.ByName.ContainsKey(type))
        {
            throw new SlipwayProblemException(400, "Unknown event type", $"'{type}' is not an event type; see docs/console.md for the list.");
        }

        // The newest matches are kept in a ring of `take`, so a long journal costs one pass and bounded memory.
        var kept = new Queue<JournalEntry>(take);
        await foreach (var record in store.ReadAsync(0, ct))
        {
            if (before is { } b && record.Sequence >= b)
            {
                break;
            }

            if ((service is not null && record.Stream != service) || (type is not null && record.Type != type) || record.Type == "FlagEventsReceived")
            {
                continue;
            }

            var e = EventSerializer.FromRecord(record);
            var entry = new JournalEntry(record.Sequence, record.Timestamp, record.Type, e.Service, Views.Describe(e).Trim(), Who(e), Why(e), Subject(e));
            if (text is not null && !Matches(entry, text))
            {
                continue;
            }

            if (kept.Count == take)
            {
                kept.Dequeue();
            }

            kept.Enqueue(entry);
        }

        var entries = kept.Reverse().ToList();
        return TypedResults.Ok(new JournalEntriesResponse(entries, entries.Count == take ? entries[^1].Sequence : null));
    }

    private static bool Matches(JournalEntry e, string text) =>
        e.Text.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (e.By?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || (e.Why?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Who made a change, for events a person (or a token) causes.</summary>
    internal static string? Who(SlipwayEvent e) => e switch
    {
        DeployRequested d => d.By,
        PipelineQueued q => q.By,
        ServicePaused p => p.By,
        ServiceResumed r => r.By,
        FlagsChanged f => f.By,
        TestReleasedFromQuarantine q => q.By,
        SecretSet s => s.By,
        SecretRemoved s => s.By,
        ContractMigrationAcknowledged a => a.By,
        GuardedRolloutStarted g => g.By,
        _ => null,
    };

    /// <summary>Why: the reason an event carries, if any.</summary>
    internal static string? Why(SlipwayEvent e) => e switch
    {
        DeployRequested d => d.Reason,
        DeploySkipped d => d.Reason,
        RollbackRequested r => r.Summary,
        RolloutRolledBack r => r.Reason,
        WaveBaked b => b.Summary,
        WatchPassed w => w.Summary,
        WatchFailed w => w.Summary,
        PipelineFailed f => f.Message,
        ServicePaused p => p.Reason,
        ServiceResumed r => r.Reason,
        FlagsChanged f => f.Reason,
        ContractMigrationAcknowledged a => a.Reason,
        ContractMigrationFailed f => f.Message,
        GuardedStepJudged g => g.Summary,
        GuardedRolloutEnded g => g.Summary,
        _ => null,
    };

    /// <summary>What a console link should open for the event: <c>rollout:ID</c> or <c>run:ID</c>.</summary>
    internal static string? Subject(SlipwayEvent e) => e switch
    {
        RolloutStarted r => "rollout:" + r.RolloutId,
        WaveStarted r => "rollout:" + r.RolloutId,
        SelfTestPassed r => "rollout:" + r.RolloutId,
        SelfTestFailed r => "rollout:" + r.RolloutId,
        WaveBaked r => "rollout:" + r.RolloutId,
        WaveCompleted r => "rollout:" + r.RolloutId,
        RolloutPromoted r => "rollout:" + r.RolloutId,
        RollbackRequested r => "rollout:" + r.RolloutId,
        RollbackStarted r => "rollout:" + r.RolloutId,
        RolloutRolledBack r => "rollout:" + r.RolloutId,
        WatchStarted r => "rollout:" + r.RolloutId,
        WatchPassed r => "rollout:" + r.RolloutId,
        WatchFailed r => "rollout:" + r.RolloutId,
        PipelineQueued r => "run:" + r.RunId,
        PipelineStarted r => "run:" + r.RunId,
        PipelineStepCompleted r => "run:" + r.RunId,
        PipelineSucceeded r => "run:" + r.RunId,
        PipelineFailed r => "run:" + r.RunId,
        TestProgressReported r => "run:" + r.RunId,
        TestStageCompleted r => "run:" + r.RunId,
        _ => null,
    };
}
