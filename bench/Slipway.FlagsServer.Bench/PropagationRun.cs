using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Slipway.FlagsServer.Bench;

/// <summary>
/// A flag change through the API (PUT, journaled to SQLite) until every connected SDK client holds the new version:
/// the clock starts before the request is sent and stops when the last client has applied the change.
/// </summary>
internal static class PropagationRun
{
    public static async Task<Percentiles> RunAsync(Uri server, string? adminToken, string? sdkKey, int clients, int changes, TextWriter log, CancellationToken ct)
    {
        using var api = new HttpClient { BaseAddress = server };
        api.DefaultRequestHeaders.Authorization = adminToken is null ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        await PutAsync(api, "off", ct);
        var sdks = new List<SdkClient>();
        for (var i = 0; i < clients; i++)
        {
            sdks.Add(await SdkClient.StartAsync(server, "bench", sdkKey, ct));
        }

        try
        {
            await log.WriteLineAsync($"propagation: {clients} SDK clients connected; {changes} changes");
            var samples = new List<double>(changes);
            for (var i = 0; i < changes; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var version = await PutAsync(api, i % 2 == 0 ? "on" : "off", ct);
                var spin = new SpinWait();
                while (!sdks.TrueForAll(s => s.Flags.Status.Version >= version))
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await Task.Delay(20, ct);
            }

            return Percentiles.Of(samples);
        }
        finally
        {
            foreach (var sdk in sdks)
            {
                await sdk.DisposeAsync();
            }
        }
    }

    private static async Task<long> PutAsync(HttpClient api, string defaultVariant, CancellationToken ct)
    {
        var flag = JsonDocument.Parse("{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"" + defaultVariant + "\"}").RootElement;
        using var response = await api.PutAsJsonAsync("api/services/bench/flags/propagation", new { flag, by = "bench" }, ct);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("version").GetInt64();
    }
}
