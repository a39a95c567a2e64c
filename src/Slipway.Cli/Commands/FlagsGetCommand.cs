using System.CommandLine;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags get &lt;key&gt; --service S`: the flag's summary and its flagd definition.</summary>
internal static class FlagsGetCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var key = FlagsKey.Argument();
        var (command, target) = FlagsTargetOptions.Command("get", "the flag's summary and its flagd definition");
        var json = JsonOutput.Option("the flag");
        command.Add(key);
        command.Add(json);
        command.SetAction((parse, ct) => RunAsync(target.Read(parse), parse.GetValue(key)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string key, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(target.Server);
        var (flag, error) = await api.SendJsonAsync(HttpMethod.Get, target.Flag(key), null, ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync(error, stderr);
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, flag);
            return 0;
        }

        await stdout.WriteLineAsync($"{key}: {flag.GetProperty("state").GetString()}, serves {FlagsOutput.Serves(flag)}; default {flag.GetProperty("defaultVariant").GetString() ?? "(caller's)"}, {flag.GetProperty("rule").GetString()}");
        await stdout.WriteLineAsync(JsonSerializer.Serialize(flag.GetProperty("definition"), Indented));
        return 0;
    }
}
