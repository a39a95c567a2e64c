using System.Text;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>
/// The flag verbs' HTTP calls: JSON in and out, raw flagd documents for import and export, problem details turned
/// into one readable line (with the JSON pointer when the server gives one). Changes are signed with $USER.
/// </summary>
internal sealed class FlagsHttp(Uri server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<(JsonElement Body, string? Error)> SendAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Add("X-Slipway-User", Environment.GetEnvironmentVariable("USER") is { Length: > 0 } user ? $"cli:{user}" : "cli");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            return (default, $"cannot reach the Slipway server at {server}: {ex.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return (default, Problem(response, text));
            }

            return (text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), null);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Problem(HttpResponseMessage response, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : response.ReasonPhrase;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var more = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 1
                ? string.Concat(errors.EnumerateArray().Skip(1).Select(e => $"\n  {e.GetProperty("pointer").GetString()}: {e.GetProperty("reason").GetString()}"))
                : string.Empty;
            return $"{(int)response.StatusCode} {title}: {detail}{more}";
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }
}
