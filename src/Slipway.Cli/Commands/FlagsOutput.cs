using System.Globalization;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>How the flag verbs print: the change's message, the reassignment it caused, and errors on stderr with exit 1.</summary>
internal static class FlagsOutput
{
    public static async Task<int> ErrorAsync(string error, TextWriter stderr)
    {
        await stderr.WriteLineAsync(error);
        return 1;
    }

    public static async Task<int> ChangeAsync(JsonElement body, TextWriter stdout)
    {
        await stdout.WriteLineAsync($"{body.GetProperty("service").GetString()}/{body.GetProperty("environment").GetString()}: {body.GetProperty("message").GetString()} (version {body.GetProperty("version").GetInt64()})");
        if (body.TryGetProperty("flag", out var flag) && flag.ValueKind == JsonValueKind.Object)
        {
            await stdout.WriteLineAsync($"  {flag.GetProperty("key").GetString()}: {flag.GetProperty("state").GetString()}, serves {Serves(flag)} ({flag.GetProperty("rule").GetString()})");
        }

        if (body.TryGetProperty("reassignment", out var r) && r.ValueKind == JsonValueKind.Object)
        {
            await stdout.WriteLineAsync($"  users switching variant: {Share(r)}");
        }

        return 0;
    }

    /// <summary>What the flag serves, as the server words it ("off to everyone"); "?" from a server too old to say.</summary>
    public static string Serves(JsonElement flag) =>
        flag.TryGetProperty("serves", out var serves) && serves.ValueKind == JsonValueKind.String ? serves.GetString()! : "?";

    public static string Share(JsonElement reassignment) =>
        reassignment.GetProperty("share").ValueKind == JsonValueKind.Number
            ? $"{reassignment.GetProperty("share").GetDouble().ToString("P2", CultureInfo.InvariantCulture)} — {reassignment.GetProperty("explanation").GetString()}"
            : $"unknown — {reassignment.GetProperty("explanation").GetString()}";
}
