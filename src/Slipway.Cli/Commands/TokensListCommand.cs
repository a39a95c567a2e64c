using System.CommandLine;
using System.Globalization;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway tokens list`: names, scopes and bindings; never a secret.</summary>
internal static class TokensListCommand
{
    public static Command Create()
    {
        var server = CliOptions.Server();
        var json = JsonOutput.Option("the tokens");
        var command = new Command("list", "the tokens: name, scope, host or service, created") { json, server };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(server)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (tokens, error) = await api.SendAsync<List<TokenSummary>>(HttpMethod.Get, "api/tokens", null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, tokens);
            return 0;
        }

        var width = Math.Max(4, tokens!.Max(t => (int?)t.Name.Length) ?? 0);
        await stdout.WriteLineAsync($"{"NAME".PadRight(width)}  {"SCOPE",-6}  {"FOR",-20}  CREATED");
        foreach (var t in tokens!)
        {
            await stdout.WriteLineAsync($"{t.Name.PadRight(width)}  {t.Scope,-6}  {t.Host ?? t.Service ?? "-",-20}  {t.Created.ToString("u", CultureInfo.InvariantCulture)}");
        }

        return 0;
    }
}
