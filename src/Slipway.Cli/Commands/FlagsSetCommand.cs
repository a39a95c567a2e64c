using System.CommandLine;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags set &lt;key&gt; &lt;json|@file&gt; --service S`: creates or replaces a flag (flagd format).</summary>
internal static class FlagsSetCommand
{
    public static Command Create()
    {
        var key = FlagsKey.Argument();
        var definition = new Argument<string>("definition") { Description = "the flag in flagd format: JSON, or @FILE to read it from a file", HelpName = "json|@file" };
        var (command, target) = FlagsTargetOptions.Command("set", "create or replace a flag (flagd format)");
        command.Add(key);
        command.Add(definition);
        command.SetAction((parse, ct) => RunAsync(target.Read(parse), parse.GetValue(key)!, parse.GetValue(definition)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string key, string text, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var json = text.StartsWith('@') ? await File.ReadAllTextAsync(text[1..], ct) : text;
        JsonElement flag;
        try
        {
            flag = JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new UsageException($"the flag definition is not JSON: {ex.Message}");
        }

        using var api = new ApiClient(target.Server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Put, target.Flag(key), JsonSerializer.Serialize(new { flag }), ct);
        return error is not null ? await FlagsOutput.ErrorAsync(error, stderr) : await FlagsOutput.ChangeAsync(body, stdout);
    }
}
