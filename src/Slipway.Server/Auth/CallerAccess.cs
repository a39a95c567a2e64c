using Microsoft.AspNetCore.Http;
using Slipway.Server.Api;

namespace Slipway.Server.Auth;

/// <summary>
/// What an endpoint asks of the request's token beyond its scope: an agent token acts only for its own host, an SDK key
/// only for its own service. A mismatch is 403 problem details; the authentication middleware audits it.
/// </summary>
internal static class CallerAccess
{
    public static Caller? Of(HttpContext http) => http.Features.Get<Caller>();

    /// <summary>The token's name, for the journal's <c>by</c> fields; null when tokens are not required (benches).</summary>
    public static string? Name(HttpContext http) => Of(http)?.Token.Name;

    /// <summary>An agent token may speak only for the host it was created for.</summary>
    public static void EnsureHost(HttpContext http, string? host)
    {
        if (Of(http)?.Token is { Scope: TokenScope.Agent } token && !string.Equals(token.Host, host, StringComparison.Ordinal))
        {
            throw new SlipwayProblemException(403, "Forbidden", $"Token '{token.Name}' is bound to host '{token.Host}' and cannot act for host '{host}'.");
        }
    }

    /// <summary>An SDK key may read and report only the flags of the service it was created for.</summary>
    public static void EnsureService(HttpContext http, string? service)
    {
        if (Of(http)?.Token is { Scope: TokenScope.Sdk } token && !string.Equals(token.Service, service, StringComparison.Ordinal))
        {
            throw new SlipwayProblemException(403, "Forbidden", $"Token '{token.Name}' is bound to service '{token.Service}' and cannot reach the flags of '{service}'.");
        }
    }
}
