using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags disable &lt;key&gt; --service S`: the kill switch: every caller gets its own default.</summary>
internal static class FlagsDisableCommand
{
    public static Command Create()
    {
        var key = FlagsKey.Argument();
        var (command, target) = FlagsTargetOptions.Command("disable", "the kill switch: every caller gets its own default");
        command.Add(key);
        command.SetAction((parse, ct) => RunAsync(target.Read(parse), parse.GetValue(key)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string key, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(target.Server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Post, target.Flag(key, "disable"), null, ct);
        return error is not null ? await FlagsOutput.ErrorAsync(error, stderr) : await FlagsOutput.ChangeAsync(body, stdout);
    }
}
