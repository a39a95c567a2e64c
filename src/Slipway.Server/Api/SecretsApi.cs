using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Server.Secrets;

namespace Slipway.Server.Api;

/// <summary>A service's secrets: set, list (names and when set, never values), remove.</summary>
internal static class SecretsApi
{
    public static RouteGroupBuilder MapSecretsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/services/{name}/secrets").AddEndpointFilter<ProblemFilter>().WithTags("Secrets");

        api.MapGet("/", (string name, SecretVault vault) =>
            TypedResults.Ok(new SecretListResponse(name, vault.List(name).Select(e => new SecretInfo(e.Name, e.SetAt, e.By)).ToList())));

        api.MapPut("/{secret}", async (string name, string secret, SecretValueRequest request, HttpContext http, SecretVault vault, CancellationToken ct) =>
        {
            var entry = await vault.SetAsync(name, secret, request?.Value, FlagsApi.By(http, null), ct);
            return TypedResults.Ok(new SecretInfo(entry.Name, entry.SetAt, entry.By));
        });

        api.MapDelete("/{secret}", async (string name, string secret, HttpContext http, SecretVault vault, CancellationToken ct) =>
        {
            await vault.RemoveAsync(name, secret, FlagsApi.By(http, null), ct);
            return TypedResults.NoContent();
        });

        // The push webhook's secret lives beside the service's secrets but reaches no step and no instance.
        routes.MapGroup("/api/services/{name}/webhook-secret").AddEndpointFilter<ProblemFilter>().WithTags("Secrets")
            .MapPut(string.Empty, async (string name, SecretValueRequest request, HttpContext http, SecretVault vault, CancellationToken ct) =>
            {
                var entry = await vault.SetWebhookSecretAsync(name, request?.Value, FlagsApi.By(http, null), ct);
                return TypedResults.Ok(new SecretInfo(entry.Name, entry.SetAt, entry.By));
            });

        return api;
    }
}
