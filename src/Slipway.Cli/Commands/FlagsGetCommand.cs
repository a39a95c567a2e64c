using System.CommandLine;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags get &lt;key&gt; --service S [--json]`: the flag's summary and its flagd definition.</summary>
internal static class FlagsGetCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create() =>
        FlagKeyVerb.Create("get", "the flag's summary and its flagd definition", "the flag", HttpMethod.Get, null, PrintAsync);

    private static async Task<int> PrintAsync(string key, JsonElement flag, TextWriter stdout)
    {
        await stdout.WriteLineAsync($"{key}: {flag.GetProperty("state").GetString()}, serves {FlagsOutput.Serves(flag)}; default {flag.GetProperty("defaultVariant").GetString() ?? "(caller's)"}, {flag.GetProperty("rule").GetString()}");
        if (flag.TryGetProperty("guarded", out var guarded) && guarded.ValueKind == JsonValueKind.Object)
        {
            await stdout.WriteLineAsync(guarded.GetProperty("line").GetString());
        }

        await stdout.WriteLineAsync(JsonSerializer.Serialize(flag.GetProperty("definition"), Indented));
        return 0;
    }
}
