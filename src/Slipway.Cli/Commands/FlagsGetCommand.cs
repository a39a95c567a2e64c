using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags get &lt;key&gt; --service S`: the flag's summary and its flagd definition.</summary>
internal static class FlagsGetCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, FlagsTarget.ValueOptions, []);
        var key = a.Positional(0, "flag key");
        var target = FlagsTarget.From(a);
        using var http = new FlagsHttp(target.Server);
        var (flag, error) = await http.SendAsync(HttpMethod.Get, target.Flag(key), null, ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync(error, stderr);
        }

        await stdout.WriteLineAsync($"{key}: {flag.GetProperty("state").GetString()}, default {flag.GetProperty("defaultVariant").GetString() ?? "(caller's)"}, {flag.GetProperty("rule").GetString()}");
        await stdout.WriteLineAsync(JsonSerializer.Serialize(flag.GetProperty("definition"), Indented));
        return 0;
    }
}
