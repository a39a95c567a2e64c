using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Flags;
using Slipway.Server.Auth;
using Slipway.Server.Flags;

namespace Slipway.Server.Api;

/// <summary>
/// Flag management per service and environment (<c>?environment=</c>, production by default). Every change is
/// journaled with who made it (<c>X-Slipway-User</c>, else the body's <c>by</c>, else "api"), when, and the definition
/// before and after. Invalid definitions get 400 with a JSON pointer and a reason, and change nothing.
/// </summary>
internal static class FlagsApi
{
    public const string UserHeader = "X-Slipway-User";

    public static IEndpointRouteBuilder MapFlagsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/services/{service}").AddEndpointFilter<ProblemFilter>().AddEndpointFilter(CheckKeyAsync).WithTags("Flags").RequireScope(TokenScope.Read, TokenScope.Deploy);

        api.MapGet("/flags", (string service, string? environment, FlagService flags, Journal.EventJournal journal, GuardedRolloutDriver guarded) =>
        {
            var scope = FlagService.Scope(service, environment);

            // "0 flags" must mean a known service without flags, never a typo: a service is known once registered or once it has flags.
            if (!journal.Read(s => s.Services.ContainsKey(scope.Service) || s.Flags.Sets.Any(f => f.Scope.Service == scope.Service)))
            {
                throw new SlipwayProblemException(404, "Unknown service", $"No service named '{scope.Service}', and no flags for one.");
            }

            var list = FlagViews.List(flags.Snapshot(scope));
            return TypedResults.Ok(list with { Flags = [.. list.Flags.Select(f => guarded.View(scope, f.Key) is { } g ? f with { Guarded = g } : f)] });
        });

        api.MapPost("/flags", async Task<Created<FlagChangeResponse>> (string service, string? environment, FlagWriteRequest request, HttpContext http, FlagService flags, CancellationToken ct) =>
        {
            var scope = FlagService.Scope(service, environment);
            var key = request.Key ?? throw new SlipwayProblemException(400, "Missing key", "Send {\"key\": ..., \"flag\": {...}}.");
            var result = await flags.SetAsync(scope, key, Flag(request.Flag), SetMode.CreateOnly, By(http, request.By), "create", ct);
            return TypedResults.Created($"/api/services/{service}/flags/{key}?environment={scope.Environment}", Response(result, key, $"flag {key} created"));
        });

        api.MapGet("/flags/{key}", (string service, string key, string? environment, FlagService flags, GuardedRolloutDriver guarded) =>
        {
            var scope = FlagService.Scope(service, environment);
            return TypedResults.Ok(FlagViews.View(flags.Get(scope, key)) with { Guarded = guarded.View(scope, key) });
        });

        api.MapPost("/flags/{key}/guarded", async (string service, string key, string? environment, GuardedRolloutRequest request, HttpContext http, GuardedRolloutDriver guarded, CancellationToken ct) =>
        {
            if (request is null)
            {
                throw new SlipwayProblemException(400, "Missing body", "Send {\"steps\": [1, 5, 25, 50, 100], \"minStepSeconds\": 30}.");
            }

            var scope = FlagService.Scope(service, environment);
            var view = await guarded.StartAsync(scope, key, request, By(http, request.By), ct);
            return TypedResults.Accepted($"/api/services/{service}/flags/{key}/guarded?environment={scope.Environment}", view);
        });

        api.MapGet("/flags/{key}/guarded", (string service, string key, string? environment, FlagService flags, GuardedRolloutDriver guarded) =>
        {
            var scope = FlagService.Scope(service, environment);
            _ = flags.Get(scope, key);
            return guarded.View(scope, key) is { } view
                ? TypedResults.Ok(view)
                : throw new SlipwayProblemException(404, "No guarded rollout", $"Flag '{key}' has had no guarded rollout in {scope}.");
        });

        api.MapGet("/flags/{key}/cohorts", (string service, string key, string? environment, FlagService flags, CohortBoard cohorts) =>
        {
            var scope = FlagService.Scope(service, environment);
            _ = flags.Get(scope, key);
            return TypedResults.Ok(CohortView.Of(scope, key, cohorts.Flag(scope, key)));
        });

        api.MapPut("/flags/{key}", async (string service, string key, string? environment, FlagWriteRequest request, HttpContext http, FlagService flags, CancellationToken ct) =>
        {
            var scope = FlagService.Scope(service, environment);
            var existed = flags.Snapshot(scope).Document.TryGetFlag(key, out _);
            var result = await flags.SetAsync(scope, key, Flag(request.Flag), SetMode.Upsert, By(http, request.By), existed ? "update" : "create", ct);
            return TypedResults.Ok(Response(result, key, !result.Changed ? $"flag {key} unchanged" : existed ? $"flag {key} updated" : $"flag {key} created"));
        });

        api.MapDelete("/flags/{key}", async (string service, string key, string? environment, string? by, HttpContext http, FlagService flags, CancellationToken ct) =>
        {
            var result = await flags.DeleteAsync(FlagService.Scope(service, environment), key, By(http, by), ct);
            return TypedResults.Ok(Response(result, key, $"flag {key} deleted"));
        });

        api.MapPost("/flags/{key}/enable", (string service, string key, string? environment, HttpContext http, FlagService flags, CancellationToken ct) =>
            SetStateAsync(service, key, environment, true, http, flags, ct));

        api.MapPost("/flags/{key}/disable", (string service, string key, string? environment, HttpContext http, FlagService flags, CancellationToken ct) =>
            SetStateAsync(service, key, environment, false, http, flags, ct));

        api.MapPost("/flags/{key}/rollout", async (string service, string key, string? environment, FlagRolloutRequest request, HttpContext http, FlagService flags, CancellationToken ct) =>
        {
            var percent = request?.Percent ?? throw new SlipwayProblemException(400, "Missing percent", "Send {\"percent\": 0 to 100} (and optionally \"variant\"); percent is required.");
            ApiLimits.Length(request.Variant, ApiLimits.MaxNameLength, "variant");
            var result = await flags.RolloutAsync(FlagService.Scope(service, environment), key, percent, request.Variant, By(http, request.By), request.Reason, ct);
            var share = result.Reassignment?.Share is { } s ? $"; {s:P1} of users switch variant" : string.Empty;
            return TypedResults.Ok(Response(result, key, result.Changed ? $"flag {key}: {percent} % rollout{share}" : $"flag {key} already at {percent} %"));
        });

        api.MapPost("/flags/{key}/preview", (string service, string key, string? environment, FlagPreviewRequest request, FlagService flags) =>
        {
            var scope = FlagService.Scope(service, environment);
            var proposed = request.Flag is { ValueKind: JsonValueKind.Object } flag ? flag
                : request.Percent is { } percent ? flags.ProposedRollout(scope, key, percent, request.Variant)
                : throw new SlipwayProblemException(400, "Nothing to preview", "Send {\"flag\": {...}} or {\"percent\": N}.");
            var sample = request.Contexts?.Select(EvaluationContext.FromJson).ToList();
            return TypedResults.Ok(ReassignmentView.From(flags.Preview(scope, key, proposed, sample)));
        });

        api.MapGet("/flagd", (string service, string? environment, FlagService flags) =>
        {
            var snapshot = flags.Snapshot(FlagService.Scope(service, environment));
            return TypedResults.Text(snapshot.Document.ToJson(indented: true), "application/json", Encoding.UTF8);
        });

        api.MapPut("/flagd", async (string service, string? environment, string? mode, string? by, HttpContext http, FlagService flags, CancellationToken ct) =>
        {
            var scope = FlagService.Scope(service, environment);
            var replace = mode switch
            {
                null or "" or "merge" => false,
                "replace" => true,
                _ => throw new SlipwayProblemException(400, "Invalid mode", $"mode is merge (the default) or replace, not '{mode}'."),
            };
            // The one endpoint allowed more than ApiLimits.MaxRequestBodyBytes: the flag library applies its own document limit.
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = ApiLimits.MaxFlagImportBodyBytes;
            }

            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var json = await reader.ReadToEndAsync(ct);
            var result = await flags.ImportAsync(scope, json, replace, By(http, by), "import", ct);
            var changed = result.Created.Count + result.Updated.Count + result.Deleted.Count;
            return TypedResults.Ok(new FlagImportResponse(
                scope.Service,
                scope.Environment,
                result.Snapshot.Version,
                result.Created,
                result.Updated,
                result.Deleted,
                result.Unchanged,
                result.SharedChanged,
                changed == 0 && !result.SharedChanged
                    ? "nothing changed"
                    : $"{result.Created.Count} created, {result.Updated.Count} updated, {result.Deleted.Count} deleted, {result.Unchanged.Count} unchanged"));
        });

        api.MapGet("/flags-audit", (string service, string? environment, string? key, FlagService flags, Journal.EventJournal journal) =>
        {
            var scope = FlagService.Scope(service, environment);
            var entries = journal.Read(s => s.Flags.Find(scope)?.Audit.Where(a => key is null || a.Key == key).ToList() ?? []);
            return TypedResults.Ok(new FlagAuditResponse(scope.Service, scope.Environment, entries));
        });

        return routes;
    }

    /// <summary>A <c>{key}</c> in the path is a flag key (letters, digits, <c>. _ : -</c>, at most 128): never <c>../../etc</c> or 10,000 characters.</summary>
    private static ValueTask<object?> CheckKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.RouteValues.TryGetValue("key", out var key))
        {
            FlagService.CheckKey(key as string);
        }

        return next(context);
    }

    /// <summary>
    /// Who makes a change: the name of the request's token. The <c>X-Slipway-User</c> header, else the body's <c>by</c>,
    /// is only a display suffix to it ("deployer (cli:alice)"); with tokens off (benches) it is the whole answer, else "api".
    /// </summary>
    internal static string By(HttpContext http, string? by)
    {
        var header = http.Request.Headers[UserHeader].ToString();
        var who = (!string.IsNullOrWhiteSpace(header) ? header : by)?.Trim();
        who = string.IsNullOrEmpty(who) ? null : who[..Math.Min(who.Length, 100)];
        return CallerAccess.Name(http) switch
        {
            null => who ?? "api",
            { } token when who is null || who == token => token,
            { } token => $"{token} ({who})",
        };
    }

    private static async Task<Ok<FlagChangeResponse>> SetStateAsync(string service, string key, string? environment, bool enabled, HttpContext http, FlagService flags, CancellationToken ct)
    {
        string? by = null, reason = null;
        if (http.Request.ContentLength > 0)
        {
            try
            {
                var body = await http.Request.ReadFromJsonAsync<FlagActionRequest>(ct);
                (by, reason) = (body?.By, body?.Reason);
            }
            catch (JsonException)
            {
                throw new SlipwayProblemException(400, "Malformed body", "The body is optional; if sent, it is {\"by\": \"who\"}.");
            }
        }

        var result = await flags.SetStateAsync(FlagService.Scope(service, environment), key, enabled, By(http, by), reason, ct);
        var word = enabled ? "enabled" : "disabled";
        return TypedResults.Ok(Response(result, key, result.Changed ? $"flag {key} {word}" : $"flag {key} was already {word}"));
    }

    private static JsonElement Flag(JsonElement? flag) => flag is { ValueKind: JsonValueKind.Object } f
        ? f
        : throw new SlipwayProblemException(400, "Missing flag", "Send the flag in flagd format as \"flag\": {\"state\":..., \"variants\":..., \"defaultVariant\":...}.");

    private static FlagChangeResponse Response(FlagChangeResult result, string key, string message) => new(
        result.Snapshot.Scope.Service,
        result.Snapshot.Scope.Environment,
        result.Snapshot.Version,
        result.Changed,
        result.Snapshot.Document.TryGetFlag(key, out var flag) ? FlagViews.View(flag) : null,
        ReassignmentView.From(result.Reassignment),
        message);
}
