using System.Diagnostics;
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

    public static async Task<(double PerSecond, Percentiles Latency, long Requests, long Failures)> RunAsync(Uri server, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken ct)
    {
        using var api = new HttpClient { BaseAddress = server };
        using (var put = await api.PutAsJsonAsync("api/services/bench/flags/checkout", new { flag = JsonDocument.Parse(Flag).RootElement, by = "bench" }, ct))
        {
            put.EnsureSuccessStatusCode();
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = concurrency }) { BaseAddress = server };
        http.DefaultRequestHeaders.Add("X-Slipway-Service", "bench");
        long requests = 0, failures = 0;
        var measuring = false;
        var latencies = new List<double>[concurrency];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            latencies[w] = [];
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var body = "{\"context\":{\"targetingKey\":\"user-" + w + "-" + i++ + "\",\"email\":\"someone@example.com\",\"age\":" + (20 + (i % 60)) + "}}";
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("ofrep/v1/evaluate/flags/checkout", content, stop.Token);
                    await response.Content.ReadAsByteArrayAsync(stop.Token);
                    if (Volatile.Read(ref measuring))
                    {
                        Interlocked.Increment(ref requests);
                        latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        if (!response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref failures);
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        })).ToArray();

        await Task.Delay(warmup, ct);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration, ct);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed;
        var counted = Interlocked.Read(ref requests);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return (counted / elapsed.TotalSeconds, Percentiles.Of(latencies.SelectMany(l => l).ToList()), counted, Interlocked.Read(ref failures));
    }
}
