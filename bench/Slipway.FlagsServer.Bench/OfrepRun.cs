using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Slipway.FlagsServer.Bench;

/// <summary>
/// OFREP single evaluations per second: closed-loop clients on keep-alive connections POST
/// /ofrep/v1/evaluate/flags/{key} for a boolean flag with 3 targeting rules and a fractional split, each for a different
/// user. Client and server share the machine's cores, so this is a floor for the server alone.
/// </summary>
internal static class OfrepRun
{
    private const string Flag = """
        {"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off",
         "targeting":{"if":[
           {"in":[{"var":"targetingKey"},["user-1","user-2","user-3"]]},"on",
           {"ends_with":[{"var":"email"},"@press.example"]},"on",
           {">=":[{"var":"age"},65]},"off",
           {"fractional":[["on",25],["off",75]]}]}}
        """;

    /// <summary>Puts the bench flag with <paramref name="adminToken"/> (null: a server without tokens).</summary>
    public static async Task PrepareAsync(Uri server, string? adminToken, CancellationToken ct)
    {
        using var api = new HttpClient { BaseAddress = server };
        if (adminToken is not null)
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        }

        using var put = await api.PutAsJsonAsync("api/services/bench/flags/checkout", new { flag = JsonDocument.Parse(Flag).RootElement, by = "bench" }, ct);
        put.EnsureSuccessStatusCode();
    }

    /// <summary>Evaluates with <paramref name="sdkKey"/> as the bearer token (null: none, for a server without tokens).</summary>
    public static async Task<(double PerSecond, Percentiles Latency, long Requests, long Failures)> RunAsync(
        Uri server, string? adminToken, string? sdkKey, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken ct)
    {
        await PrepareAsync(server, adminToken, ct);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = concurrency }) { BaseAddress = server };
        http.DefaultRequestHeaders.Add("X-Slipway-Service", "bench");
        if (sdkKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sdkKey);
        }

        return await ClosedLoop.RunAsync(
            http,
            Request,
            concurrency,
            warmup,
            duration,
            ct);
    }

    /// <summary>Worker w's i-th evaluation: a different user each time.</summary>
    public static HttpRequestMessage Request(int w, int i) => new(HttpMethod.Post, "ofrep/v1/evaluate/flags/checkout")
    {
        Content = new StringContent("{\"context\":{\"targetingKey\":\"user-" + w + "-" + i + "\",\"email\":\"someone@example.com\",\"age\":" + (20 + (i % 60)) + "}}", Encoding.UTF8, "application/json"),
    };
}
