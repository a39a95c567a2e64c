using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Journal;
using Slipway.Core.Services;
using Slipway.Server.Auth;
using Slipway.Server.Journal;
using Slipway.Server.State;

namespace Slipway.Server.Api;

/// <summary>
/// A service's contract migrations: which wait (and for what), which ran, and the one control a person has over them:
/// acknowledge a waiting one, with a reason, so that it runs before its release's watch window passed (or again after
/// it failed). Only once the release is promoted: before that, instances of the older version still use the old shape.
/// </summary>
internal static class ContractsApi
{
    /// <summary>The most contracts a status answer lists: the newest ones.</summary>
    public const int MaxListed = 50;

    public static RouteGroupBuilder MapContractsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/services/{name}/contracts").AddEndpointFilter<ProblemFilter>().WithTags("Services").RequireScope(TokenScope.Read, TokenScope.Deploy);

        api.MapGet("/", Results<Ok<IReadOnlyList<ContractView>>, ProblemHttpResult> (string name, EventJournal journal) =>
        {
            var list = journal.Read(s => s.Services.TryGetValue(name, out var v) ? Views(v) : null);
            return list is null ? ServicesApi.NotFound(name) : TypedResults.Ok(list);
        });

        api.MapPost("/acknowledge", async Task<Results<Ok<ContractView>, ProblemHttpResult>> (string name, AcknowledgeContractRequest? request, HttpContext http, EventJournal journal, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request?.File))
            {
                throw new SlipwayProblemException(400, "Missing file", "Send {\"file\": \"contract/003_drop_name.sql\", \"reason\": \"...\"}.");
            }

            var reason = ApiLimits.Reason(request.Reason)
                ?? throw new SlipwayProblemException(400, "Missing reason", "Acknowledging a contract migration needs a reason; it is journaled.");
            var view = journal.Read(s => s.Services.GetValueOrDefault(name)) ?? throw new SlipwayProblemException(404, "Unknown service", $"No service named '{name}'.");
            var contract = view.Lifecycle.Contracts.LastOrDefault(c => c.File == request.File && (request.RunId is null || c.RunId == request.RunId)
                && c.State is ContractState.Waiting or ContractState.Failed)
                ?? throw new SlipwayProblemException(404, "No waiting contract", $"Service '{name}' has no waiting or failed contract migration {ApiLimits.Shorten(request.File)}.");
            if (!contract.Promoted)
            {
                throw new SlipwayProblemException(409, "Release not promoted",
                    $"{contract.File} belongs to {name}@{contract.Version[..Math.Min(7, contract.Version.Length)]}, which is not promoted: instances of an older version that uses the old shape may still run.");
            }

            var by = FlagsApi.By(http, null);
            await journal.AppendAsync(new ContractMigrationAcknowledged(name, contract.RunId, contract.File, reason, by), ct);
            var after = journal.Read(s => s.Services[name].Lifecycle.Contracts.Last(c => c.RunId == contract.RunId && c.File == contract.File));
            return TypedResults.Ok(View(name, after));
        });

        return api;
    }

    /// <summary>The service's contract migrations, newest first.</summary>
    public static IReadOnlyList<ContractView> Views(ServiceView service) =>
        service.Lifecycle.Contracts.Reverse().Take(MaxListed).Select(c => View(service.Name, c)).ToList();

    private static ContractView View(string service, ContractMigration c) =>
        new(c.File, c.Version, c.RunId, c.State.ToString().ToLowerInvariant(), c.Ready, c.WaitingFor(service), c.AcknowledgedBy, c.AcknowledgedReason);
}
