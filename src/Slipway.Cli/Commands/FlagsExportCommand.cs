using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags export --service S [--output FILE]`: the flags as a flagd file.</summary>
internal static class FlagsExportCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, [.. FlagsTarget.ValueOptions, "output"], []);
        var target = FlagsTarget.From(a);
        using var http = new FlagsHttp(target.Server);
        var (document, error) = await http.SendAsync(HttpMethod.Get, target.Document(), null, ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync(error, stderr);
        }

        var text = JsonSerializer.Serialize(document, Indented);
        if (a.Get("output") is { } output)
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
