using System.CommandLine;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags export --service S [--output FILE]`: the flags as a flagd file.</summary>
internal static class FlagsExportCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var outputOption = CliOptions.Text("--output", "write the file here (default: print it)", "FILE");
        var (command, target) = FlagsTargetOptions.Command("export", "the flags as a flagd file");
        command.Add(outputOption);
        command.SetAction((parse, ct) => RunAsync(target.Read(parse), parse.GetValue(outputOption), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string? output, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(target.Server);
        var (document, error) = await api.SendJsonAsync(HttpMethod.Get, target.Document(), null, ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync(error, stderr);
        }

        var text = JsonSerializer.Serialize(document, Indented);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, text + "\n", ct);
            await stdout.WriteLineAsync($"{target.Service}/{target.Environment}: {document.GetProperty("flags").EnumerateObject().Count()} flag(s) written to {output}");
        }
        else
        {
            await stdout.WriteLineAsync(text);
        }

        return 0;
    }
}
