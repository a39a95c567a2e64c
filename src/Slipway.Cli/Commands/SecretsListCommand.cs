using System.CommandLine;
using System.Globalization;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway secrets list &lt;service&gt;`: the names of the service's secrets, when and by whom they were set. Never values.</summary>
internal static class SecretsListCommand
{
    public static Command Create()
    {
        var service = ServiceAction.ServiceArgument();
        var server = CliOptions.Server();
        var json = JsonOutput.Option("the list");
        var command = new Command("list", "the names of a service's secrets (never their values)") { service, json, server };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(server)!, parse.GetValue(service)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string service, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (result, error) = await api.SendAsync<SecretListResponse>(HttpMethod.Get, SecretsCommand.Path(service), null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, result);
            return 0;
        }

        await stdout.WriteLineAsync($"{service}: {result!.Secrets.Count} secret(s)");
        if (result.Secrets.Count == 0)
        {
            return 0;
        }

        var width = Math.Max(4, result.Secrets.Max(s => s.Name.Length));
        await stdout.WriteLineAsync($"{"NAME".PadRight(width)}  {"SET AT (UTC)",-20}  BY");
        foreach (var secret in result.Secrets)
        {
            await stdout.WriteLineAsync($"{secret.Name.PadRight(width)}  {secret.SetAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20}  {secret.By}");
        }

        return 0;
    }
}
