using System.Net.Http.Json;
using System.Text.Json;

namespace Slipway.Cli;

/// <summary>Calls the server's HTTP API and turns problem details into one readable error line.</summary>
internal sealed class ApiClient(Uri server) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<(T? Value, string? Error)> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return (default, $"cannot reach the Slipway server at {server}: {ex.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (default, Problem(response, text));
            }

            return (text.Length == 0 ? default : JsonSerializer.Deserialize<T>(text, Json), null);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Problem(HttpResponseMessage response, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return $"{(int)response.StatusCode} {title}: {detail}";
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }
}
