using System.Globalization;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags rollout &lt;key&gt; &lt;percent&gt; --service S [--variant V]`: that share of users (by targeting key) get the variant.</summary>
internal static class FlagsRolloutCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, [.. FlagsTarget.ValueOptions, "variant"], []);
        var key = a.Positional(0, "flag key");
        var text = a.Positional(1, "percent").TrimEnd('%');
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) || percent is < 0 or > 100)
        {
            throw new UsageException($"percent must be a whole number from 0 to 100, not '{text}'.");
        }

        var target = FlagsTarget.From(a);
        using var http = new FlagsHttp(target.Server);
        var (body, error) = await http.SendAsync(HttpMethod.Post, target.Flag(key, "rollout"), JsonSerializer.Serialize(new { percent, variant = a.Get("variant") }), ct);
        return error is not null ? await FlagsOutput.ErrorAsync(error, stderr) : await FlagsOutput.ChangeAsync(body, stdout);
    }
}
