using System.CommandLine;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>
/// The flag verbs that name one flag and send one request (<c>get</c>, <c>enable</c>, <c>disable</c>, <c>delete</c>):
/// the key argument, the target options, <c>--json</c>, the request, and the problem or the answer printed.
/// </summary>
internal static class FlagKeyVerb
{
    /// <param name="action">The path segment after the flag's key (<c>enable</c>, <c>disable</c>), or null for the flag itself.</param>
    /// <param name="print">Prints a successful answer for a person; <c>--json</c> prints the body as it came.</param>
    public static Command Create(string name, string description, string jsonWhat, HttpMethod method, string? action, Func<string, JsonElement, TextWriter, Task<int>> print)
    {
        var key = FlagsKey.Argument();
        var (command, target) = FlagsTargetOptions.Command(name, description);
        var json = JsonOutput.Option(jsonWhat);
        command.Add(key);
        command.Add(json);
        command.SetAction(async (parse, ct) =>
        {
            var flagKey = parse.GetValue(key)!;
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var flags = target.Read(parse);
            using var api = new ApiClient(flags.Server);
            var (body, error) = await api.SendJsonAsync(method, flags.Flag(flagKey, action), null, ct);
            if (error is not null)
            {
                return await FlagsOutput.ErrorAsync(error, stderr);
            }

            if (parse.GetValue(json))
            {
                await JsonOutput.WriteAsync(stdout, body);
                return 0;
            }

            return await print(flagKey, body, stdout);
        });
        return command;
    }

    /// <summary>Prints the answer to a change (<c>enable</c>, <c>disable</c>, <c>delete</c>).</summary>
    public static Task<int> ChangeAsync(string key, JsonElement body, TextWriter stdout) => FlagsOutput.ChangeAsync(body, stdout);
}
