namespace Slipway.Server.Auth;

/// <summary>
/// Endpoint metadata: the scope a caller needs, one for reads (GET, HEAD) and one for everything else. The most specific
/// one wins, so a route group declares its rule once and an endpoint may override it. An endpoint without one needs admin.
/// </summary>
public sealed record RequiredScope(TokenScope Read, TokenScope Write)
{
    public TokenScope For(string method) => HttpMethodsAreReads(method) ? Read : Write;

    private static bool HttpMethodsAreReads(string method) =>
        string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);
}
