using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Server.Agents;
using Slipway.Server.Auth;
using Slipway.Server.FrontDoor;
using Slipway.Server.Journal;
using Slipway.Server.Services;

namespace Slipway.Server.Api;

internal static class ServicesApi
{
    public static RouteGroupBuilder MapServicesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/services").AddEndpointFilter<ProblemFilter>().WithTags("Services").RequireScope(TokenScope.Read, TokenScope.Deploy);

        api.MapGet("/", (EventJournal journal, FrontDoorManager doors) =>
            TypedResults.Ok(journal.Read(s => s.Services.Values.OrderBy(v => v.Name, StringComparer.Ordinal).Select(v => Views.Summary(s, v, doors)).ToList())));

        api.MapPost("/", async Task<Results<Created<ServiceSummary>, ProblemHttpResult>> (RegisterServiceRequest request, ServiceCommands commands, EventJournal journal, FrontDoorManager doors, CancellationToken ct) =>
        {
            if (request is null)
            {
                throw new SlipwayProblemException(400, "Missing body", "Send {\"name\":..., \"repository\":...}.");
            }

            var registered = await commands.RegisterAsync(request.Name, request.Repository, request.Branch, request.FrontDoorPort ?? 0, request.PollSeconds ?? 5, ct);
            var summary = journal.Read(s => Views.Summary(s, s.Services[registered.Service], doors));
            return TypedResults.Created($"/api/services/{registered.Service}", summary);
        }).RequireScope(TokenScope.Admin);

        api.MapGet("/{name}", Results<Ok<ServiceStatus>, ProblemHttpResult> (string name, EventJournal journal, FrontDoorManager doors, AgentHub agents, Rollouts.BakeBoard bakes, Immune.JudgeBakeGate judge, Flags.GuardedRolloutDriver guarded) =>
        {
            var status = journal.Read(s => s.Services.TryGetValue(name, out var v)
                ? new ServiceStatus(
                    Views.Summary(s, v, doors),
                    Views.Fleet(s, name, agents),
                    v.RolloutIds.Select(id => Views.Rollout(s.Rollouts[id], bakes)).Reverse().ToList(),
                    v.RunIds.Select(id => Views.Run(s.Runs[id])).Reverse().ToList(),
                    ContractsApi.Views(v),
                    v.ActiveRolloutId is { } active ? judge.Progress(active) : null)
                : null);
            if (status is null)
            {
                return NotFound(name);
            }

            var flags = guarded.Views(name);
            return TypedResults.Ok(flags.Count > 0 ? status with { Flags = flags } : status);
        });

        api.MapPost("/{name}/push", async (string name, HttpContext http, ServiceCommands commands, Secrets.SecretVault vault, CancellationToken ct) =>
        {
            // A git host's push webhook has no token: it signs the body with the service's webhook secret instead.
            // A signed push is accepted only with a valid signature; an unsigned one needs a deploy token.
            if (http.Request.Headers[WebhookSignature.Header].FirstOrDefault() is { } signature)
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body, ct);
                if (vault.WebhookSecret(name) is not { } secret || !WebhookSignature.IsValid(secret, body.GetBuffer().AsSpan(0, (int)body.Length), signature))
                {
                    throw new SlipwayProblemException(401, "Bad webhook signature", $"{WebhookSignature.Header} is not a valid HMAC-SHA256 of the body with this service's webhook secret.");
                }
            }

            var runId = await commands.PollAsync(name, ct);
            return TypedResults.Accepted($"/api/services/{name}", new QueuedResponse(name, runId, runId is null ? "no new commit" : $"run {runId} queued"));
        }).WithMetadata(Auth.AcceptsSignedWebhook.Instance);

        api.MapPost("/{name}/deploy", async (string name, DeployRequest request, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request?.Commit))
            {
                throw new SlipwayProblemException(400, "Missing commit", "Send {\"commit\": \"<sha or ref>\"}.");
            }

            var queued = await commands.DeployAsync(name, request.Commit, FlagsApi.By(http, null), ApiLimits.Reason(request.Reason), ct);
            return TypedResults.Accepted(queued.RolloutId is { } rollout ? $"/api/rollouts/{rollout}" : $"/api/runs/{queued.RunId}", queued);
        });

        api.MapPost("/{name}/rollback", async (string name, ReasonRequest? request, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
        {
            var queued = await commands.RollbackAsync(name, FlagsApi.By(http, null), ApiLimits.Reason(request?.Reason), ct);
            return TypedResults.Accepted(queued.RolloutId is { } rollout ? $"/api/rollouts/{rollout}" : $"/api/services/{name}", queued);
        });

        api.MapDelete("/{name}", async (string name, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
            TypedResults.Ok(await commands.RemoveAsync(name, FlagsApi.By(http, null), ct))).RequireScope(TokenScope.Admin);

        api.MapGet("/{name}/history", Results<Ok<ServiceHistory>, ProblemHttpResult> (string name, int? limit, EventJournal journal) =>
        {
            var top = Math.Clamp(limit ?? 50, 1, 500);
            var history = journal.Read(s => s.Services.TryGetValue(name, out var v) ? Views.History(s, v, top) : null);
            return history is null ? NotFound(name) : TypedResults.Ok(history);
        });

        api.MapPost("/{name}/pause", async (string name, ReasonRequest? request, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
        {
            await commands.PauseAsync(name, FlagsApi.By(http, null), ApiLimits.Reason(request?.Reason), ct);
            return TypedResults.Ok(new QueuedResponse(name, null, "paused: no new wave starts until resumed"));
        });

        api.MapPost("/{name}/resume", async (string name, ReasonRequest? request, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
        {
            await commands.ResumeAsync(name, FlagsApi.By(http, null), ApiLimits.Reason(request?.Reason), ct);
            return TypedResults.Ok(new QueuedResponse(name, null, "resumed"));
        });

        api.MapGet("/{name}/rollouts", Results<Ok<List<RolloutSummary>>, ProblemHttpResult> (string name, EventJournal journal) =>
        {
            var list = journal.Read(s => s.Services.TryGetValue(name, out var v) ? v.RolloutIds.Select(id => Views.Rollout(s.Rollouts[id])).ToList() : null);
            return list is null ? NotFound(name) : TypedResults.Ok(list);
        });

        return api;
    }

    internal static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(title: "Unknown service", detail: $"No service named '{name}'.", statusCode: StatusCodes.Status404NotFound);
}
