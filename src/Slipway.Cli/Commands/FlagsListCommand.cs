using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags list --service S [--json]`: a table of the flags: state, what each serves, and its rule.</summary>
internal static class FlagsListCommand
{
    public static Command Create()
    {
        var (command, target) = FlagsTargetOptions.Command("list", "a table of the flags: key, state, what it serves, rule");
        var json = JsonOutput.Option("the flags");
        command.Add(json);
        command.SetAction((parse, ct) => RunAsync(target.Read(parse), parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(target.Server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Get, target.Flags, null, ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync(error, stderr);
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, body);
            return 0;
        }

        var flags = body.GetProperty("flags").EnumerateArray().ToList();
        await stdout.WriteLineAsync($"{target.Service}/{target.Environment}: {flags.Count} flag(s), version {body.GetProperty("version").GetInt64()}");
        if (flags.Count == 0)
        {
            return 0;
        }

        var rows = flags.Select(f => (
            Key: f.GetProperty("key").GetString()!,
            State: f.GetProperty("state").GetString()!,
            Serves: FlagsOutput.Serves(f),
            Rule: f.GetProperty("rule").GetString()!)).ToList();
        var k = Math.Max(3, rows.Max(r => r.Key.Length));
        var d = Math.Max(6, rows.Max(r => r.Serves.Length));
        await stdout.WriteLineAsync($"{"KEY".PadRight(k)}  {"STATE",-8}  {"SERVES".PadRight(d)}  RULE");
        foreach (var r in rows)
        {
            await stdout.WriteLineAsync($"{r.Key.PadRight(k)}  {r.State,-8}  {r.Serves.PadRight(d)}  {r.Rule}");
        }

        return 0;
    }
}
