using System.CommandLine;
using System.Text.Json;

namespace Slipway.Cli;

/// <summary>
/// <c>--json</c> on a read verb: the API's answer as it is (camelCase, one document, indented), for scripts. The words
/// and ids in it are the glossary's (docs/glossary.md), the same the human-readable output uses.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new(ApiClient.Json) { WriteIndented = true };

    public static Option<bool> Option(string what = "the answer") => CliOptions.Switch("--json", $"print {what} as JSON");

    public static Task WriteAsync<T>(TextWriter stdout, T value) => stdout.WriteLineAsync(JsonSerializer.Serialize(value, Indented));
}
