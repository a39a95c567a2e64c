using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Slipway.Server.Api;
using Slipway.Server.Hosting;

namespace Slipway.Server.Auth;

/// <summary>
/// Every endpoint call carries <c>Authorization: Bearer &lt;token&gt;</c>. The endpoint's <see cref="RequiredScope"/>
/// (admin when it declares none) decides: no or an unknown token is 401, a token outside the scope 403, both as problem
/// details through <see cref="ProblemMapping"/> and both logged with the path and the token's name, never the token.
/// </summary>
internal sealed partial class TokenAuthentication(RequestDelegate next, TokenStore tokens, SlipwayServerOptions options, ILogger<TokenAuthentication> logger)
{
    private const string Scheme = "Bearer ";
    private static readonly RequiredScope AdminOnly = new(TokenScope.Admin, TokenScope.Admin);

    public async Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint is null || !options.RequireTokens)
        {
            await next(http);
            return;
        }

        if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
        {
            // A page with no data in it (the console's shell, which then asks for a token and sends it).
            await next(http);
            return;
        }

        var required = (endpoint.Metadata.GetMetadata<RequiredScope>() ?? AdminOnly).For(http.Request.Method);
        var header = http.Request.Headers.Authorization.ToString();
        var secret = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
        var token = string.IsNullOrEmpty(secret) ? null : tokens.Find(secret);
        if (token is null && secret is null && endpoint.Metadata.GetMetadata<AcceptsSignedWebhook>() is not null
            && http.Request.Headers.ContainsKey(Api.WebhookSignature.Header))
        {
            // The endpoint checks the signature against the service's webhook secret and refuses a bad one.
            await next(http);
            return;
        }

        if (token is null)
        {
            LogUnauthenticated(logger, http.Request.Method, http.Request.Path.Value ?? "/", secret is null ? "no bearer token" : "an unknown token");
            http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            await ProblemMapping.ToResult(new SlipwayProblemException(
                401, "Unauthorized", "Send a Slipway token: Authorization: Bearer <token> (slipway tokens create; the first admin token is in <data>/admin-token).")).ExecuteAsync(http);
            return;
        }

        if (!TokenScopes.Satisfies(token.Scope, required))
        {
            LogForbidden(logger, http.Request.Method, http.Request.Path.Value ?? "/", token.Name, TokenScopes.Name(token.Scope), TokenScopes.Name(required));
            await ProblemMapping.ToResult(new SlipwayProblemException(
                403, "Forbidden", $"Token '{token.Name}' has scope {TokenScopes.Name(token.Scope)}; {http.Request.Method} {http.Request.Path} needs {TokenScopes.Name(required)}.")).ExecuteAsync(http);
            return;
        }

        http.Features.Set(new Caller(token));
        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status403Forbidden)
        {
            // A bound token (agent, SDK key) that named another host or service: refused by the endpoint, audited here.
            LogForbidden(logger, http.Request.Method, http.Request.Path.Value ?? "/", token.Name, TokenScopes.Name(token.Scope), "its own " + (token.Scope == TokenScope.Agent ? "host" : "service"));
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Auth: 401 for {Method} {Path}: {Reason}")]
    private static partial void LogUnauthenticated(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Auth: 403 for {Method} {Path}: token {Token} (scope {Scope}) needs {Required}")]
    private static partial void LogForbidden(ILogger logger, string method, string path, string token, string scope, string required);
}
