namespace Slipway.Cli.Commands;

/// <summary>`slipway flags import &lt;file&gt; --service S [--replace]`: brings a flagd file as it is (merge by default).</summary>
internal static class FlagsImportCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, FlagsTarget.ValueOptions, ["replace"]);
        var file = a.Positional(0, "flagd file");
        var target = FlagsTarget.From(a);
        if (!File.Exists(file))
        {
            throw new UsageException($"no file '{file}'.");
        }

        using var http = new FlagsHttp(target.Server);
        var (body, error) = await http.SendAsync(HttpMethod.Put, target.Document(a.Has("replace") ? "replace" : "merge"), await File.ReadAllTextAsync(file, ct), ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync($"{file}: {error}", stderr);
        }

        await stdout.WriteLineAsync($"{target.Service}/{target.Environment}: {body.GetProperty("message").GetString()} (version {body.GetProperty("version").GetInt64()})");
        return 0;
    }
}
