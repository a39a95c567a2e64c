using System.Net.Http.Headers;
using System.Text;

namespace Slipway.FlagsServer.Bench;

/// <summary>
/// Agent reports per second: closed-loop clients POST /api/agent/v1/report for one host with three listening
/// instances, as an agent does on every change and every second.
/// </summary>
internal static class AgentReportRun
{
    public const string Host = "bench-host";

    private const string Report = """
        {"host":"bench-host","instances":[
          {"id":"bench-r1-1","service":"bench","version":"v1","state":"listening","pid":101,"port":40001,"address":"127.0.0.1","restarts":0},
          {"id":"bench-r1-2","service":"bench","version":"v1","state":"listening","pid":102,"port":40002,"address":"127.0.0.1","restarts":0},
          {"id":"bench-r1-3","service":"bench","version":"v1","state":"listening","pid":103,"port":40003,"address":"127.0.0.1","restarts":0}]}
        """;

    /// <summary>Reports with <paramref name="agentToken"/> as the bearer token (null: none, for a server without tokens).</summary>
    public static async Task<(double PerSecond, Percentiles Latency, long Requests, long Failures)> RunAsync(
        Uri server, string? agentToken, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = concurrency }) { BaseAddress = server };
        if (agentToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agentToken);
        }

        return await ClosedLoop.RunAsync(
            http,
            (_, _) => Request(),
            concurrency,
            warmup,
            duration,
            ct);
    }

    public static HttpRequestMessage Request() =>
        new(HttpMethod.Post, "api/agent/v1/report") { Content = new StringContent(Report, Encoding.UTF8, "application/json") };
}
