using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Server.Auth;
using Slipway.Server.Hosting;

namespace Slipway.FlagsServer.Bench;

/// <summary>
/// The cost of authentication on the hot paths, in one run: two servers in this process, one with tokens required and
/// one without (<see cref="SlipwayServerOptions.RequireTokens"/> false), measured in short alternating slices (off, on,
/// then on, off, ...) so the machine's drift falls on both alike. Per path the ratio is throughput with auth / without
/// over all slices. Also times <see cref="TokenStore.Find"/> alone (hash + lookup) per call.
/// </summary>
internal static class AuthCostRun
{
    public static async Task RunAsync(string data, int concurrency, TimeSpan pass, int rounds, TextWriter log, CancellationToken ct)
    {
        await using var off = await SlipwayServer.StartAsync(Options(Path.Combine(data, "auth-off"), requireTokens: false), ct);
        await using var on = await SlipwayServer.StartAsync(Options(Path.Combine(data, "auth-on"), requireTokens: true), ct);
        var sdkKey = on.Tokens.Create("bench-sdk", TokenScope.Sdk, null, "bench");
        var agentToken = on.Tokens.Create("bench-agent", TokenScope.Agent, AgentReportRun.Host, null);
        await OfrepRun.PrepareAsync(off.Address, null, ct);
        await OfrepRun.PrepareAsync(on.Address, on.AdminToken, ct);

        // Short slices, alternating which server goes first, so that the machine's drift (other work on shared cores)
        // falls on both sides alike; each side's throughput is its requests over its measured time.
        var ofrep = await CompareAsync(
            "OFREP single evaluation",
            Client(off.Address, concurrency, null),
            Client(on.Address, concurrency, sdkKey),
            OfrepRun.Request,
            concurrency,
            pass,
            rounds,
            log,
            ct);
        var report = await CompareAsync(
            "agent report",
            Client(off.Address, concurrency, null),
            Client(on.Address, concurrency, agentToken),
            (_, _) => AgentReportRun.Request(),
            concurrency,
            pass,
            rounds,
            log,
            ct);

        var (wall, cpu) = FindNanoseconds(on.Tokens, sdkKey);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"auth cost over {rounds} alternating slices of {pass.TotalSeconds:0.#} s per side (throughput with auth / without): OFREP single evaluation {ofrep:F3} ({(1 - ofrep) * 100:F1} % slower); agent report {report:F3} ({(1 - report) * 100:F1} % slower)"));
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"token check alone (SHA-256 of the bearer token + dictionary lookup + constant-time compare): {cpu:F0} ns CPU per request ({wall:F0} ns wall clock)"));
    }

    private static HttpClient Client(Uri server, int concurrency, string? token)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = concurrency }) { BaseAddress = server };
        http.DefaultRequestHeaders.Add("X-Slipway-Service", "bench");
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static async Task<double> CompareAsync(
        string what, HttpClient without, HttpClient with, Func<int, int, HttpRequestMessage> request, int concurrency, TimeSpan slice, int slices, TextWriter log, CancellationToken ct)
    {
        using (without)
        using (with)
        {
            var warmup = TimeSpan.FromMilliseconds(200);
            await ClosedLoop.RunAsync(without, request, concurrency, TimeSpan.FromSeconds(1), warmup, ct);
            await ClosedLoop.RunAsync(with, request, concurrency, TimeSpan.FromSeconds(1), warmup, ct);
            double offRequests = 0, onRequests = 0, offSeconds = 0, onSeconds = 0;
            for (var i = 0; i < slices; i++)
            {
                foreach (var side in i % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    var (perSecond, _, requests, failures) = await ClosedLoop.RunAsync(side ? with : without, request, concurrency, warmup, slice, ct);
                    if (failures > 0)
                    {
                        throw new InvalidOperationException($"{what}: {failures} of {requests} requests failed; the bench would measure errors.");
                    }

                    if (side)
                    {
                        onRequests += requests;
                        onSeconds += requests / perSecond;
                    }
                    else
                    {
                        offRequests += requests;
                        offSeconds += requests / perSecond;
                    }
                }
            }

            var ratio = (onRequests / onSeconds) / (offRequests / offSeconds);
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {offRequests / offSeconds:N0}/s without auth, {onRequests / onSeconds:N0}/s with ({onRequests:N0} and {offRequests:N0} requests, 0 failed): ratio {ratio:F3}"));
            return ratio;
        }
    }

    private static SlipwayServerOptions Options(string data, bool requireTokens) =>
        new() { DataDirectory = data, Url = "http://127.0.0.1:0", MinimumLogLevel = LogLevel.Error, RequireTokens = requireTokens };

    /// <summary>Nanoseconds per <see cref="TokenStore.Find"/>: wall clock, and CPU time of this process (the servers idle meanwhile).</summary>
    private static (double Wall, double Cpu) FindNanoseconds(TokenStore tokens, string secret)
    {
        const int Calls = 500_000;
        for (var i = 0; i < 20_000; i++)
        {
            _ = tokens.Find(secret);
        }

        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            _ = tokens.Find(secret) ?? throw new InvalidOperationException("the bench token is unknown");
        }

        var wall = clock.Elapsed;
        process.Refresh();
        return (wall.TotalNanoseconds / Calls, (process.TotalProcessorTime - cpu).TotalNanoseconds / Calls);
    }
}
