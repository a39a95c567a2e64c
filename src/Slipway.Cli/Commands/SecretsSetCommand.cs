using System.CommandLine;
using System.Text;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway secrets set &lt;service&gt; NAME [--value V]`: sets a secret. The value comes from standard input (read
/// without echo at a terminal) unless <c>--value</c> gives it, and is never printed.
/// </summary>
internal static class SecretsSetCommand
{
    public static Command Create()
    {
        var service = ServiceAction.ServiceArgument();
        var name = SecretsCommand.NameArgument();
        var value = CliOptions.Text("--value", "the value (default: read from standard input; prefer that, a command line is visible to other users)", "VALUE");
        var server = CliOptions.Server();
        var command = new Command("set", "set a secret; the value is read from standard input, or --value") { service, name, value, server };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!, parse.GetValue(service)!, parse.GetValue(name)!, parse.GetValue(value) ?? ReadValue(),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string service, string name, string? value, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(value))
        {
            await stderr.WriteLineAsync("slipway secrets set: no value: pipe it to standard input or pass --value.");
            return 2;
        }

        using var api = new ApiClient(server);
        var (result, error) = await api.SendAsync<SecretInfo>(HttpMethod.Put, SecretsCommand.Path(service, name), new SecretValueRequest { Value = value }, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        await stdout.WriteLineAsync($"{service}: secret {result!.Name} set");
        return 0;
    }

    /// <summary>Standard input up to the end (a pipe) or the first line (a terminal, not echoed), without the final newline.</summary>
    private static string? ReadValue()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadToEnd().TrimEnd('\r', '\n');
        }

        Console.Error.Write("value (not shown): ");
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
                continue;
            }

            text.Append(key.KeyChar);
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
