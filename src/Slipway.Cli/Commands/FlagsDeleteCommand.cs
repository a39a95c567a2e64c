using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags delete &lt;key&gt; --service S [--json]`: removes a flag; every caller then gets its own default.</summary>
internal static class FlagsDeleteCommand
{
    public static Command Create()
    {
        var key = FlagsKey.Argument();
        var (command, target) = FlagsTargetOptions.Command("delete", "remove a flag: every caller then gets its own default");
        var json = JsonOutput.Option("the change");
        command.Add(key);
        command.Add(json);
        command.SetAction((parse, ct) => RunAsync(target.Read(parse), parse.GetValue(key)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string key, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(target.Server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Delete, target.Flag(key), null, ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync(error, stderr);
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, body);
            return 0;
        }

        return await FlagsOutput.ChangeAsync(body, stdout);
    }
}
