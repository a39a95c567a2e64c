using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway experiments results &lt;key&gt; --service S [--goal EVENT]`: per variant, users exposed and converted, the
/// rate, the difference from control with its 95 % interval and p-value, and the sample-ratio check.
/// </summary>
internal static class ExperimentsResultsCommand
{
    public static Command Create()
    {
        var key = new Argument<string>("key") { Description = "the experiment's (flag's) key" };
        var goal = CliOptions.Text("--goal", "the conversion event (default: the experiment's goal)", "EVENT");
        var (command, target) = FlagsTargetOptions.Command("results", "per variant: users, conversions, difference from control with its 95 % interval, sample-ratio check");
        var json = JsonOutput.Option("the results");
        command.Add(key);
        command.Add(goal);
        command.Add(json);
        command.SetAction((parse, ct) => RunAsync(target.Read(parse), parse.GetValue(key)!, parse.GetValue(goal), parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string key, string? goal, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(target.Server);
        var (r, error) = await api.SendJsonAsync(HttpMethod.Get, target.Results(key, goal), null, ct);
        if (error is not null)
        {
            // The server words its hint for the API; a CLI user names the goal with --goal.
            return await FlagsOutput.ErrorAsync(error.Replace("pass ?goal=NAME", "pass --goal EVENT", StringComparison.Ordinal), stderr);
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, r);
            return 0;
        }

        await stdout.WriteLineAsync($"experiment {key} ({target.Service}/{target.Environment}): goal '{r.GetProperty("goal").GetString()}', control '{r.GetProperty("control").GetString()}'");
        var rows = r.GetProperty("variants").EnumerateArray().Select(v => new[]
        {
            v.GetProperty("variant").GetString()! + (v.GetProperty("isControl").GetBoolean() ? " (control)" : string.Empty),
            v.GetProperty("exposures").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
            v.GetProperty("conversions").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
            Percent(v.GetProperty("conversionRate")),
            Signed(v.GetProperty("differenceFromControl")),
            v.GetProperty("differenceLow").ValueKind == JsonValueKind.Number ? $"[{Signed(v.GetProperty("differenceLow"))}, {Signed(v.GetProperty("differenceHigh"))}]" : "-",
            v.GetProperty("pValue").ValueKind == JsonValueKind.Number ? v.GetProperty("pValue").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture) : "-",
        }).ToList();
        string[] header = ["VARIANT", "USERS", "CONVERTED", "RATE", "DIFF", "95% INTERVAL", "P-VALUE"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        await stdout.WriteLineAsync(string.Join("  ", header.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
        foreach (var row in rows)
        {
            await stdout.WriteLineAsync(string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        }

        if (r.GetProperty("sampleRatio") is { ValueKind: JsonValueKind.Object } srm)
        {
            await stdout.WriteLineAsync($"sample ratio: chi-squared {srm.GetProperty("chiSquared").GetDouble().ToString("0.00", CultureInfo.InvariantCulture)}, p = {srm.GetProperty("pValue").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture)}: {(srm.GetProperty("mismatch").GetBoolean() ? "MISMATCH (p < 0.001)" : "ok")}");
        }

        foreach (var warning in r.GetProperty("warnings").EnumerateArray())
        {
            await stdout.WriteLineAsync($"warning: {warning.GetString()}");
        }

        return 0;
    }

    private static string Percent(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("P2", CultureInfo.InvariantCulture) : "-";

    private static string Signed(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? (value.GetDouble() * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pt" : "-";
}
