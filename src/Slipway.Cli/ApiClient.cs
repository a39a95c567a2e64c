using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Slipway.Cli;

/// <summary>
/// The one client every verb uses for the server's HTTP API. Every request carries the CLI's token
/// (<see cref="CliCredentials"/>) as <c>Authorization: Bearer</c>; the journal records that token's name as who did it,
/// with <c>X-Slipway-User</c> (<see cref="Caller"/>) as a display suffix. A problem-details answer (RFC 7807) becomes one
/// readable line, with the JSON pointers of further errors when the server gives them.
/// </summary>
internal sealed class ApiClient(Uri server, string? token = null) : IDisposable
{
    public const string UserHeader = "X-Slipway-User";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// Who the CLI acts for: <c>cli:$USER</c>, else <c>cli:</c> and the account's name (a CI job or a service often
    /// runs without $USER), so the journal names a person or an account, never just "cli".
    /// </summary>
    public static string Caller => Environment.GetEnvironmentVariable("USER") is { Length: > 0 } user ? $"cli:{user}"
        : Environment.UserName is { Length: > 0 } account ? $"cli:{account}"
        : "cli";

    /// <summary>Sends <paramref name="body"/> (if any) as JSON and reads the answer as <typeparamref name="T"/>.</summary>
    public async Task<(T? Value, string? Error)> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var content = body is null ? null : JsonContent.Create(body, options: Json);
        var (text, error) = await SendAsync(method, path, content, cancellationToken);
        return error is not null ? (default, error) : (text!.Length == 0 ? default : JsonSerializer.Deserialize<T>(text, Json), null);
    }

    /// <summary>Sends a JSON document as it is (a flagd file, a flag definition) and reads the answer as a JSON element.</summary>
    public async Task<(JsonElement Body, string? Error)> SendJsonAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        var (text, error) = await SendAsync(method, path, content, cancellationToken);
        if (error is not null)
        {
            return (default, error);
        }

        if (text!.Length == 0)
        {
            return (default, null);
        }

        using var document = JsonDocument.Parse(text);
        return (document.RootElement.Clone(), null);
    }

    /// <summary>Reads a text answer as it is (a step's log).</summary>
    public Task<(string? Text, string? Error)> GetTextAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<(string? Text, string? Error)> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(UserHeader, Caller);
        if ((token ?? CliCredentials.Token) is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return (null, $"cannot reach the Slipway server at {server}: {ex.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized && (token ?? CliCredentials.Token) is null)
            {
                return (null, Problem(response, text) + $"\n  no token: set ${CliCredentials.Variable}, pass --token, or run 'slipway login --token T'");
            }

            return response.IsSuccessStatusCode ? (text, null) : (null, Problem(response, text));
        }
    }

    /// <summary>"404 Unknown service: No service named 'nope'.", plus one line per further error pointer.</summary>
    internal static string Problem(HttpResponseMessage response, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }

            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : response.ReasonPhrase;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var more = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 1
                ? string.Concat(errors.EnumerateArray().Skip(1).Select(e => $"\n  {Text(e, "pointer")}: {Text(e, "reason")}"))
                : string.Empty;
            return $"{(int)response.StatusCode} {title}{(string.IsNullOrEmpty(detail) ? string.Empty : ": " + detail)}{more}";
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
