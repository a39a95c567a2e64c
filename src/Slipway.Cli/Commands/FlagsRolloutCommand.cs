using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags rollout &lt;key&gt; &lt;percent&gt; --service S [--variant V]`: that share of users (by targeting key) get the variant.</summary>
internal static class FlagsRolloutCommand
{
    public static Command Create()
    {
        var key = FlagsKey.Argument();
        var percentArgument = new Argument<string>("percent") { Description = "the share of users, 0 to 100 (a trailing % is fine)" };
        var variant = CliOptions.Text("--variant", "the variant those users get (default: the flag's 'on' variant)", "VARIANT");
        var (command, target) = FlagsTargetOptions.Command("rollout", "that share of users (by targeting key) get the variant");
        command.Add(key);
        command.Add(percentArgument);
        command.Add(variant);
        command.SetAction((parse, ct) => RunAsync(
            target.Read(parse), parse.GetValue(key)!, parse.GetValue(percentArgument)!, parse.GetValue(variant), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string key, string percentText, string? variant, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var text = percentText.TrimEnd('%');
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) || percent is < 0 or > 100)
        {
            throw new UsageException($"percent must be a whole number from 0 to 100, not '{text}'.");
        }

        using var api = new ApiClient(target.Server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Post, target.Flag(key, "rollout"), JsonSerializer.Serialize(new { percent, variant }), ct);
        return error is not null ? await FlagsOutput.ErrorAsync(error, stderr) : await FlagsOutput.ChangeAsync(body, stdout);
    }
}
