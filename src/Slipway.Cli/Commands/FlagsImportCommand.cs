using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags import &lt;file&gt; --service S [--replace]`: brings a flagd file as it is (merge by default).</summary>
internal static class FlagsImportCommand
{
    public static Command Create()
    {
        var fileArgument = new Argument<string>("file") { Description = "a flagd file" };
        var replace = CliOptions.Switch("--replace", "replace every flag (default: merge into the flags there are)");
        var (command, target) = FlagsTargetOptions.Command("import", "bring a flagd file as it is (merge by default)");
        command.Add(fileArgument);
        command.Add(replace);
        command.SetAction((parse, ct) => RunAsync(target.Read(parse), parse.GetValue(fileArgument)!, parse.GetValue(replace), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string file, bool replace, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"no file '{file}'.");
        }

        using var api = new ApiClient(target.Server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Put, target.Document(replace ? "replace" : "merge"), await File.ReadAllTextAsync(file, ct), ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync($"{file}: {error}", stderr);
        }

        await stdout.WriteLineAsync($"{target.Service}/{target.Environment}: {body.GetProperty("message").GetString()} (version {body.GetProperty("version").GetInt64()})");
        return 0;
    }
}
