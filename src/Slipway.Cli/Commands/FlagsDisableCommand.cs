namespace Slipway.Cli.Commands;

/// <summary>`slipway flags disable &lt;key&gt; --service S`: the kill switch: every caller gets its own default.</summary>
internal static class FlagsDisableCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, FlagsTarget.ValueOptions, []);
        var key = a.Positional(0, "flag key");
        var target = FlagsTarget.From(a);
        using var http = new FlagsHttp(target.Server);
        var (body, error) = await http.SendAsync(HttpMethod.Post, target.Flag(key, "disable"), null, ct);
        return error is not null ? await FlagsOutput.ErrorAsync(error, stderr) : await FlagsOutput.ChangeAsync(body, stdout);
    }
}
