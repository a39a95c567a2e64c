using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Slipway.Core.Journal;
using Slipway.Flags.Protocol;
using Slipway.Server.Auth;
using Slipway.Server.Flags;
using Slipway.Server.Journal;

namespace Slipway.Server.Api;

/// <summary>Flag wire contract v1 (docs/flags-protocol.md): the SDKs' stream, and their exposure and goal batches.</summary>
internal static class FlagsStreamApi
{
    private const int MaxEventsPerBatch = 10_000;

    /// <summary>As many (flag, variant) outcomes as one SDK's table holds (<c>VariantOutcomes.MaxCells</c>).</summary>
    private const int MaxOutcomesPerBatch = 256;

    /// <summary>Goal names per outcome (the SDK's <c>VariantOutcomes.MaxGoals</c>).</summary>
    private const int MaxGoalsPerOutcome = 16;

    /// <summary>No count in one batch is larger: a trillion requests per flush is not a real SDK.</summary>
    private const long MaxCount = 1_000_000_000_000;

    public static IEndpointRouteBuilder MapFlagsStreamApi(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/api/flags/v1").AddEndpointFilter<ProblemFilter>().WithTags("Flag protocol v1").RequireScope(TokenScope.Sdk);
        v1.MapGet("/stream", StreamAsync);
        v1.MapPost("/events", ReceiveAsync);
        return routes;
    }

    /// <summary>A snapshot, then every change as it is journaled, with a keep-alive comment when nothing happens.</summary>
    private static async Task StreamAsync(
        HttpContext http,
        string? service,
        string? environment,
        FlagStreamHub hub,
        FlagService flags,
        FlagStreamOptions options,
        TimeProvider time,
        IHostApplicationLifetime lifetime)
    {
        var scope = FlagService.Scope(service, environment);
        CallerAccess.EnsureService(http, scope.Service);
        using var subscription = hub.Subscribe(scope);
        var snapshot = flags.Snapshot(scope);
        var sent = snapshot.Version;
        await ServerSentEvents.StreamAsync(
            http,
            lifetime,
            time,
            options.KeepAlive,
            subscription.Reader,
            headers => headers["X-Slipway-Flags-Version"] = snapshot.Version.ToString(CultureInfo.InvariantCulture),
            $"event: {FlagStreamProtocol.SnapshotEvent}\ndata: {FlagStreamProtocol.SnapshotData(snapshot.Version, snapshot.Document)}\n\n",
            async (reader, response, ct) =>
            {
                while (reader.TryRead(out var frame))
                {
                    if (frame.Version > sent)
                    {
                        await response.WriteAsync(frame.Text, ct);
                        sent = frame.Version;
                    }
                }
            });
    }

    private static async Task<IResult> ReceiveAsync(FlagEventBatch batch, HttpContext http, EventJournal journal, CohortBoard cohorts, CancellationToken ct)
    {
        if (batch is null)
        {
            throw new SlipwayProblemException(400, "Missing body", "Send a FlagEventBatch: {\"service\":..,\"environment\":..,\"exposures\":[..],\"events\":[..]}.");
        }

        var scope = FlagService.Scope(batch.Service, batch.Environment);
        CallerAccess.EnsureService(http, scope.Service);
        // Known: registered, or with flags in this environment (flags can be set before the service is registered).
        if (!journal.Read(s => s.Services.ContainsKey(scope.Service) || s.Flags.Find(scope) is not null))
        {
            throw new SlipwayProblemException(404, "Unknown service", $"No service '{scope.Service}' and no flags for it in '{scope.Environment}'.");
        }

        if (batch.Exposures is null || batch.Events is null)
        {
            throw new SlipwayProblemException(400, "Malformed batch", "exposures and events are lists; leave one out rather than send null.");
        }

        if (batch.Exposures.Count + batch.Events.Count > MaxEventsPerBatch)
        {
            throw new SlipwayProblemException(413, "Batch too large", $"At most {MaxEventsPerBatch} exposures and events per request; send smaller batches.");
        }

        CheckOutcomes(batch);

        var exposures = batch.Exposures
            .Where(e => e is not null && Fits(e.TargetingKey) && Fits(e.FlagKey) && Fits(e.Variant))
            .Select(e => new FlagExposure(e.FlagKey, e.Variant, e.TargetingKey!))
            .Distinct()
            .ToList();
        var goals = batch.Events
            .Where(e => e is not null && Fits(e.TargetingKey) && Fits(e.Name) && (e.Value is null || double.IsFinite(e.Value.Value)))
            .Select(e => new FlagGoal(e.Name, e.TargetingKey!, e.Value))
            .ToList();
        if (exposures.Count > 0 || goals.Count > 0 || batch.Dropped > 0)
        {
            await journal.AppendAsync(new FlagEventsReceived(scope.Service, scope.Environment, exposures, goals, Math.Max(0, batch.Dropped)), ct);
        }

        if (batch.Outcomes.Count > 0 || batch.OutcomesDropped > 0)
        {
            cohorts.Add(scope, batch.Outcomes, batch.OutcomesDropped);
        }

        return TypedResults.Accepted((string?)null);
    }

    /// <summary>
    /// Per-variant outcomes are checked whole before any is counted: a bad one is a 400 naming it and its field, and
    /// nothing of the batch is kept (an SDK that sends them is this version's, so the shape is exact).
    /// </summary>
    private static void CheckOutcomes(FlagEventBatch batch)
    {
        if (batch.Outcomes is null)
        {
            throw new SlipwayProblemException(400, "Malformed batch", "outcomes is a list; leave it out rather than send null.");
        }

        if (batch.Outcomes.Count > MaxOutcomesPerBatch)
        {
            throw new SlipwayProblemException(413, "Batch too large", $"At most {MaxOutcomesPerBatch} outcomes (flag, variant pairs) per request, not {batch.Outcomes.Count}.");
        }

        if (batch.OutcomesDropped is < 0 or > MaxCount)
        {
            throw new SlipwayProblemException(400, "Invalid outcome", $"outcomesDropped must be a count from 0 to {MaxCount}.");
        }

        var durations = VariantOutcome.DurationBoundsMs.Count + 1;
        for (var i = 0; i < batch.Outcomes.Count; i++)
        {
            var o = batch.Outcomes[i];
            string? problem = o switch
            {
                null => "is null",
                _ when !Fits(o.FlagKey) => $"flagKey must be 1 to {ApiLimits.MaxNameLength} characters",
                _ when !Fits(o.Variant) => $"variant must be 1 to {ApiLimits.MaxNameLength} characters",
                _ when o.StatusClasses is not { Count: 5 } => "statusClasses must hold 5 counts (1xx to 5xx)",
                _ when o.DurationBuckets is null || o.DurationBuckets.Count != durations => $"durationBuckets must hold {durations} counts (one per bound of {string.Join(", ", VariantOutcome.DurationBoundsMs)} ms, and one above)",
                _ when o.StatusClasses.Concat(o.DurationBuckets).Any(c => c is < 0 or > MaxCount) => $"counts must be from 0 to {MaxCount}",
                _ when o.Goals is null => "goals is a map; leave it out rather than send null",
                _ when o.Goals.Count > MaxGoalsPerOutcome => $"at most {MaxGoalsPerOutcome} goals, not {o.Goals.Count}",
                _ when o.Goals.Any(g => !Fits(g.Key) || g.Value is < 0 or > MaxCount) => $"goal names must be 1 to {ApiLimits.MaxNameLength} characters and counts from 0 to {MaxCount}",
                _ => null,
            };
            if (problem is not null)
            {
                throw new SlipwayProblemException(400, "Invalid outcome", $"outcomes[{i}] {problem}; nothing of this batch was kept.");
            }
        }
    }

    /// <summary>An event's string is journaled only when present and no longer than <see cref="ApiLimits.MaxNameLength"/>; others are dropped.</summary>
    private static bool Fits(string? text) => !string.IsNullOrEmpty(text) && text.Length <= ApiLimits.MaxNameLength;
}
