using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway login --token T`: saves the token (mode 0600) for the client verbs that follow.</summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var command = new Command("login", "save the --token for later client verbs ($XDG_CONFIG_HOME/slipway/token, else ~/.config/slipway/token)");
        command.SetAction((parse, ct) => RunAsync(parse.GetValue<string?>("--token"), parse.InvocationConfiguration.Output));
        return command;
    }

    public static async Task<int> RunAsync(string? token, TextWriter stdout)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException("--token is required: slipway login --token T.");
        }

        var path = CliCredentials.Save(token.Trim());
        await stdout.WriteLineAsync($"token saved to {path} (owner-only); client verbs send it unless $SLIPWAY_TOKEN or --token says otherwise");
        return 0;
    }
}
