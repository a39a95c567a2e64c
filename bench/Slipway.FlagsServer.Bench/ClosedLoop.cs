using System.Diagnostics;

namespace Slipway.FlagsServer.Bench;

/// <summary>Closed-loop clients on keep-alive connections: each sends the next request as soon as the last one answered.</summary>
internal static class ClosedLoop
{
    /// <param name="request">Builds worker w's i-th request.</param>
    public static async Task<(double PerSecond, Percentiles Latency, long Requests, long Failures)> RunAsync(
        HttpClient http, Func<int, int, HttpRequestMessage> request, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken ct)
    {
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
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var message = request(w, i++);
                    using var response = await http.SendAsync(message, stop.Token);
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
