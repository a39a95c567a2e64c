namespace Slipway.Cli.Commands;

/// <summary>`slipway flags enable &lt;key&gt; --service S`: turns the flag back on.</summary>
internal static class FlagsEnableCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, FlagsTarget.ValueOptions, []);
        var key = a.Positional(0, "flag key");
        var target = FlagsTarget.From(a);
        using var http = new FlagsHttp(target.Server);
        var (body, error) = await http.SendAsync(HttpMethod.Post, target.Flag(key, "enable"), null, ct);
        return error is not null ? await FlagsOutput.ErrorAsync(error, stderr) : await FlagsOutput.ChangeAsync(body, stdout);
    }
}
