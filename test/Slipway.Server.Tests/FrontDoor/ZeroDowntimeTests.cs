using System.Collections.Concurrent;
using Slipway.TestKit;

namespace Slipway.Server.Tests.FrontDoor;

[Collection(Deployments.Name)]
public sealed class ZeroDowntimeTests(HelloFixture hello)
{
    private const int Clients = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rollout_under_constant_load_through_the_front_door_fails_no_request()
    {
        await using var bed = await TestBed.CreateAsync("zero-downtime", Ct);
        var config = bed.Config(hello.Published) with { Instances = 4 };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        await bed.StartServerAsync(Ct);
        var registered = await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRolloutAsync("hello", v1, Ct);
        var v2 = await bed.CommitAsync(config with { Greeting = "Howdy" }, "v2", Ct);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(registered.FrontDoor), Timeout = TimeSpan.FromSeconds(30) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var bodies = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(() => LoadAsync(http, bodies, failures, stop.Token), Ct)).ToList();

        await bed.Api.PushAsync("hello", Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v2, Ct);

        // Keep the load on until every client has seen the new version, then stop it.
        await Eventually.TrueAsync(() => bodies.ContainsKey($"Howdy from {v2}!") || !failures.IsEmpty, "a response from v2", Ct);
        await stop.CancelAsync();
        var requests = (await Task.WhenAll(load)).Sum();

        Assert.Equal("promoted", rollout.Outcome);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests failed, first: {string.Join(" | ", failures.Take(5))}");
        Assert.Equal([$"Hello from {v1}!", $"Howdy from {v2}!"], bodies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(requests, bodies.Values.Sum());
    }

    private static async Task<int> LoadAsync(HttpClient http, ConcurrentDictionary<string, int> bodies, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        var count = 0;
        while (!stop.IsCancellationRequested && count < 1_000_000)
        {
            try
            {
                using var response = await http.GetAsync("/", stop);
                var body = await response.Content.ReadAsStringAsync(stop);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Enqueue($"{(int)response.StatusCode}: {body}");
                }
                else
                {
                    bodies.AddOrUpdate(body, 1, (_, n) => n + 1);
                }

                count++;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return count;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                failures.Enqueue(ex.GetType().Name + ": " + ex.Message);
                count++;
            }
        }

        return count;
    }
}
