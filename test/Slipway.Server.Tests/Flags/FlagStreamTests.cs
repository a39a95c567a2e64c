using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Slipway.Flags;
using Slipway.Flags.Protocol;
using Slipway.Sdk;
using Slipway.Sdk.Flags;

namespace Slipway.Server.Tests.Flags;

public sealed class FlagStreamTests : IAsyncLifetime
{
    private FlagServer _server = null!;

    private static CancellationToken Token => FlagServer.Token;

    public async ValueTask InitializeAsync() => _server = await FlagServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_stream_starts_with_a_snapshot_then_sends_each_change_with_the_next_version()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off);
        using var response = await OpenStreamAsync("shop");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(Token));

        var (name, data) = await sse.NextAsync();
        Assert.Equal("snapshot", name);
        var snapshot = FlagStreamProtocol.ReadSnapshot(data);
        Assert.Equal(1, snapshot.Version);
        Assert.True(snapshot.Document.TryGetFlag("greeting", out _));

        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Split(10));
        using (await _server.Http.DeleteAsync("/api/services/shop/flags/greeting", Token))
        {
        }

        var (changeName, changeData) = await sse.NextAsync();
        Assert.Equal("change", changeName);
        var change = FlagStreamProtocol.ReadChange(changeData);
        Assert.Equal(2, change.Version);
        Assert.Equal("greeting", change.Changes.Single().Key);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(TestFlags.Split(10)).RootElement, change.Changes.Single().Value!.Value));

        var deleted = FlagStreamProtocol.ReadChange((await sse.NextAsync()).Data);
        Assert.Equal(3, deleted.Version);
        Assert.Null(deleted.Changes.Single().Value);
    }

    [Fact]
    public async Task A_stream_gets_only_its_own_service_and_environment()
    {
        using var response = await OpenStreamAsync("shop");
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(Token));
        Assert.Equal(0, FlagStreamProtocol.ReadSnapshot((await sse.NextAsync()).Data).Version);

        await _server.PutFlagOkAsync("other", "greeting", TestFlags.Off);
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off, environment: "staging");
        await _server.PutFlagOkAsync("shop", "limit", TestFlags.Limit);

        var change = FlagStreamProtocol.ReadChange((await sse.NextAsync()).Data);
        Assert.Equal(1, change.Version);
        Assert.Equal("limit", change.Changes.Single().Key);
    }

    [Fact]
    public async Task A_change_of_evaluators_is_sent_as_a_new_snapshot()
    {
        using var response = await OpenStreamAsync("shop");
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(Token));
        await sse.NextAsync();

        var file = """{"flags":{},"$evaluators":{"pro":{"==":[{"var":"plan"},"pro"]}}}""";
        using (await _server.Http.PutAsync("/api/services/shop/flagd", new StringContent(file, System.Text.Encoding.UTF8, "application/json"), Token))
        {
        }

        var (name, data) = await sse.NextAsync();
        Assert.Equal("snapshot", name);
        Assert.Equal(1, FlagStreamProtocol.ReadSnapshot(data).Version);
    }

    [Fact]
    public async Task A_stream_without_a_valid_service_is_a_400_problem()
    {
        using var response = await _server.Http.GetAsync("/api/flags/v1/stream?service=", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_real_sdk_sees_a_flag_change_made_through_the_api_with_no_restart()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off);
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders());
        services.AddSlipway(o =>
        {
            o.ServerUrl = _server.Server.Address;
            o.Service = "shop";
            o.StartupTimeout = TimeSpan.FromSeconds(30);
            o.SdkKey = _server.Server.Tokens.InstanceSdkKey("shop");
        });
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(Token);
        }

        try
        {
            var client = provider.GetRequiredService<FlagClient>();
            var user = EvaluationContext.Create("user-1");
            Assert.False(client.GetBoolean("greeting", true, user));
            Assert.Equal(1, client.Status.Version);

            using (await _server.Http.PostAsJsonAsync("/api/services/shop/flags/greeting/rollout", new { percent = 100 }, Token))
            {
            }

            await Eventually(() => client.Status.Version == 2);
            var details = client.GetBooleanDetails("greeting", false, user);
            Assert.True(details.Value);
            Assert.Equal(EvaluationReason.TargetingMatch, details.Reason);
            Assert.False(details.IsStale);
        }
        finally
        {
            foreach (var service in hosted)
            {
                await service.StopAsync(Token);
            }
        }
    }

    [Fact]
    public async Task Exposures_and_goal_events_posted_by_sdks_are_accepted()
    {
        // Events are accepted for a service that is registered or has flags; an unknown one is a 404 (ApiLimitsTests).
        await _server.PutFlagOkAsync("shop", "checkout", TestFlags.Experiment);
        var batch = new FlagEventBatch
        {
            Service = "shop",
            Environment = "production",
            Exposures = [new ExposureEvent("checkout", "treatment", "SPLIT", "u1", DateTimeOffset.UnixEpoch, 1)],
            Events = [new TrackEvent("purchase", "u1", 9.5, DateTimeOffset.UnixEpoch)],
        };

        using var response = await _server.Http.PostAsJsonAsync("/api/flags/v1/events", batch, FlagStreamProtocol.JsonOptions, Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<HttpResponseMessage> OpenStreamAsync(string service)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/flags/v1/stream?service={service}&environment=production");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await _server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task Eventually(Func<bool> condition)
    {
        // A generous cap so a loaded machine does not fail the test; no timing is asserted.
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, Token);
        }

        Assert.True(condition());
    }
}
