using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Slipway.Server.Auth;

namespace Slipway.Server.Api;

/// <summary>Token administration (admin scope): create (the secret is answered once), list (never a secret), revoke.</summary>
internal static partial class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/tokens").AddEndpointFilter<ProblemFilter>().WithTags("Tokens").RequireScope(TokenScope.Admin);

        api.MapGet("/", (TokenStore tokens) => TypedResults.Ok(tokens.List().Select(Summary).ToList()));

        api.MapPost("/", (CreateTokenRequest request, HttpContext http, TokenStore tokens, ILogger<TokenStore> logger) =>
        {
            if (request is null || string.IsNullOrEmpty(request.Name) || !TokenName().IsMatch(request.Name))
            {
                throw new SlipwayProblemException(400, "Invalid token name", "A token name is 1-100 letters, digits and ':._@-', starting with a letter or digit (for example cli:alice).");
            }

            if (!TokenScopes.TryParse(request.Scope, out var scope))
            {
                throw new SlipwayProblemException(400, "Invalid scope", $"scope is one of admin, deploy, read, agent, sdk; not '{request.Scope}'.");
            }

            var host = scope == TokenScope.Agent ? Required(request.Host, "host", "an agent token is bound to one host") : null;
            var service = scope == TokenScope.Sdk ? Required(request.Service, "service", "an SDK key is bound to one service") : null;
            string secret;
            try
            {
                secret = tokens.Create(request.Name, scope, host, service);
            }
            catch (InvalidOperationException ex)
            {
                throw new SlipwayProblemException(409, "Token exists", ex.Message);
            }

            LogCreated(logger, request.Name, TokenScopes.Name(scope), CallerAccess.Name(http) ?? "?");
            return TypedResults.Created($"/api/tokens/{request.Name}", new CreatedToken(request.Name, TokenScopes.Name(scope), host, service, secret));
        });

        api.MapDelete("/{name}", Results<Ok<TokenSummary>, ProblemHttpResult> (string name, HttpContext http, TokenStore tokens, ILogger<TokenStore> logger) =>
        {
            var token = tokens.List().FirstOrDefault(t => t.Name == name);
            try
            {
                if (token is null || !tokens.Revoke(name))
                {
                    return TypedResults.Problem(title: "Unknown token", detail: $"No token named '{name}'.", statusCode: StatusCodes.Status404NotFound);
                }
            }
            catch (InvalidOperationException ex)
            {
                throw new SlipwayProblemException(409, "Last admin token", ex.Message);
            }

            LogRevoked(logger, name, CallerAccess.Name(http) ?? "?");
            return TypedResults.Ok(Summary(token));
        });

        return routes;
    }

    private static TokenSummary Summary(ApiToken t) => new(t.Name, TokenScopes.Name(t.Scope), t.Host, t.Service, t.Created);

    private static string Required(string? value, string field, string why) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 200
            ? throw new SlipwayProblemException(400, $"Missing {field}", $"Send \"{field}\": {why}.")
            : value;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9:._@-]{0,99}$")]
    private static partial Regex TokenName();

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Auth: token {Name} (scope {Scope}) created by {By}")]
    private static partial void LogCreated(ILogger logger, string name, string scope, string by);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Auth: token {Name} revoked by {By}")]
    private static partial void LogRevoked(ILogger logger, string name, string by);
}
