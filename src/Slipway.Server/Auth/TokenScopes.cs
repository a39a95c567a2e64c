namespace Slipway.Server.Auth;

/// <summary>The wire names of the scopes, and which scope a token needs to hold to satisfy an endpoint's requirement.</summary>
public static class TokenScopes
{
    public static string Name(TokenScope scope) => scope switch
    {
        TokenScope.Read => "read",
        TokenScope.Deploy => "deploy",
        TokenScope.Admin => "admin",
        TokenScope.Agent => "agent",
        TokenScope.Sdk => "sdk",
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    public static bool TryParse(string? text, out TokenScope scope)
    {
        foreach (var candidate in Enum.GetValues<TokenScope>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                scope = candidate;
                return true;
            }
        }

        scope = default;
        return false;
    }

    /// <summary>
    /// Whether a token of scope <paramref name="held"/> may call an endpoint that requires <paramref name="required"/>:
    /// admin ⊇ deploy ⊇ read; anyone who may read may read flags as an SDK does; an admin may act as an agent.
    /// </summary>
    public static bool Satisfies(TokenScope held, TokenScope required) => required switch
    {
        TokenScope.Read => held is TokenScope.Read or TokenScope.Deploy or TokenScope.Admin,
        TokenScope.Deploy => held is TokenScope.Deploy or TokenScope.Admin,
        TokenScope.Admin => held is TokenScope.Admin,
        TokenScope.Agent => held is TokenScope.Agent or TokenScope.Admin,
        TokenScope.Sdk => held is TokenScope.Sdk or TokenScope.Read or TokenScope.Deploy or TokenScope.Admin,
        _ => false,
    };
}
