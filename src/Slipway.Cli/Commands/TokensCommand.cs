using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway tokens &lt;verb&gt;`: API tokens (admin scope). One file per verb.</summary>
internal static class TokensCommand
{
    public static Command Create() => new("tokens", "API tokens and their scopes (needs an admin token)")
    {
        TokensCreateCommand.Create(),
        TokensListCommand.Create(),
        TokensRevokeCommand.Create(),
    };
}
