using System.CommandLine;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway tokens revoke NAME`: the token stops working at once.</summary>
internal static class TokensRevokeCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "the token's name" };
        var server = CliOptions.Server();
        var command = new Command("revoke", "revoke a token by name") { name, server };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(server)!, parse.GetValue(name)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string name, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (revoked, error) = await api.SendAsync<TokenSummary>(HttpMethod.Delete, $"api/tokens/{Uri.EscapeDataString(name)}", null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        await stdout.WriteLineAsync($"token '{revoked!.Name}' ({revoked.Scope}) revoked");
        return 0;
    }
}
