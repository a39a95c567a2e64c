using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags set &lt;key&gt; &lt;json|@file&gt; --service S`: creates or replaces a flag (flagd format).</summary>
internal static class FlagsSetCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, FlagsTarget.ValueOptions, []);
        var key = a.Positional(0, "flag key");
        var text = a.Positional(1, "flag definition (JSON, or @file)");
        var target = FlagsTarget.From(a);
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

        using var http = new FlagsHttp(target.Server);
        var (body, error) = await http.SendAsync(HttpMethod.Put, target.Flag(key), JsonSerializer.Serialize(new { flag }), ct);
        return error is not null ? await FlagsOutput.ErrorAsync(error, stderr) : await FlagsOutput.ChangeAsync(body, stdout);
    }
}
