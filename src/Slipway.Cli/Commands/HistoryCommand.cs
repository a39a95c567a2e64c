using System.CommandLine;
using System.Globalization;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway history &lt;service&gt; [--limit N] [--json]`: releases built, runs and rollouts, newest first, from the journal.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var service = ServiceAction.ServiceArgument();
        var limit = CliOptions.Int("--limit", "how many entries (default: 50, at most 500)", minimum: 1);
        var json = JsonOutput.Option("the history");
        var server = CliOptions.Server();
        var command = new Command("history", "a service's releases, runs and rollouts, newest first") { service, limit, json, server };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!, parse.GetValue(service)!, parse.GetValue(limit) ?? 50, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string service, int limit, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var path = $"api/services/{Uri.EscapeDataString(service)}/history?limit={limit.ToString(CultureInfo.InvariantCulture)}";
        var (history, error) = await api.SendAsync<ServiceHistory>(HttpMethod.Get, path, null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, history);
            return 0;
        }

        if (history!.Entries.Count == 0)
        {
            await stdout.WriteLineAsync($"{service}: no releases, runs or rollouts yet");
            return 0;
        }

        var id = Math.Max(2, history.Entries.Max(e => e.Id.Length));
        await stdout.WriteLineAsync($"{"AT (UTC)",-19}  {"KIND",-7}  {"ID".PadRight(id)}  {"VERSION",-7}  {"TRIGGER",-8}  {"STATUS",-12}  DETAIL");
        foreach (var e in history.Entries)
        {
            var detail = string.Join("; ", new[] { e.By is null ? null : $"by {e.By}", e.Detail }.Where(d => d is not null));
            await stdout.WriteLineAsync(
                $"{e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-19}  {e.Kind,-7}  {e.Id.PadRight(id)}  {e.Version[..Math.Min(7, e.Version.Length)],-7}  {e.Trigger ?? "-",-8}  {e.Status,-12}  {detail}");
        }

        return 0;
    }
}
