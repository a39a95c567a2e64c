using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Slipway.Core.Delivery;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway dora [--service NAME] [--days N] [--json]`: the four DORA metrics computed from the journal
/// (GET /api/metrics/dora), overall and per service: deployment frequency, lead time, change failure rate, time to restore.
/// </summary>
internal static class DoraCommand
{
    public static Command Create()
    {
        var service = CliOptions.Text("--service", "only this service", "NAME");
        var days = CliOptions.Int("--days", "the window, in days back from now (1 to 365, default 30)", minimum: 1);
        var json = CliOptions.Switch("--json", "print the report as JSON");
        var server = CliOptions.Server();
        var command = new Command("dora", "DORA metrics from the journal: how often releases are promoted, lead time, change failure rate and time to restore") { service, days, json, server };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!,
            parse.GetValue(service),
            parse.GetValue(days) ?? 30,
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string? service, int days, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var path = $"api/metrics/dora?days={days.ToString(CultureInfo.InvariantCulture)}" + (service is null ? string.Empty : $"&service={Uri.EscapeDataString(service)}");
        var (report, error) = await api.SendAsync<DoraReport>(HttpMethod.Get, path, null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(report, ApiClient.Json));
            return 0;
        }

        foreach (var line in Render(report!))
        {
            await stdout.WriteLineAsync(line);
        }

        return 0;
    }

    internal static IEnumerable<string> Render(DoraReport r)
    {
        yield return $"DORA metrics, {r.From:yyyy-MM-dd HH:mm} to {r.To:yyyy-MM-dd HH:mm} UTC";
        yield return $"  {"",-16} {"deploys",8} {"per day",8} {"lead time",10} {"failure rate",13} {"restore",9}";
        yield return Row("all services", r.Overall);
        foreach (var (name, figures) in r.Services)
        {
            yield return Row(name, figures);
        }

        yield return $"  ({r.Definitions})";
    }

    private static string Row(string name, DoraFigures f) =>
        $"  {Cut(name),-16} {f.Deployments,8} {f.DeploymentsPerDay.ToString("0.##", CultureInfo.InvariantCulture),8} {Duration(f.LeadTimeMedianSeconds),10} "
        + $"{(f.ChangeFailureRate is { } c ? $"{c * 100:0.#}% ({f.FailedChanges}/{f.Changes})" : "-"),13} {Duration(f.TimeToRestoreMedianSeconds),9}";

    private static string Cut(string name) => name.Length > 16 ? name[..15] + "…" : name;

    internal static string Duration(double? seconds) => seconds switch
    {
        null => "-",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        < 86400 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.#} d"),
    };
}
