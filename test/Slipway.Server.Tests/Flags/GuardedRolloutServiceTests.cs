using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Flags;
using Slipway.Sdk;
using Slipway.Sdk.Flags;
using Slipway.Sdk.Outcomes;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Flags;

/// <summary>
/// The demo's guarded flag, end to end on real parts: a real server, and a real ASP.NET Core service on Kestrel with the
/// SDK and its outcomes middleware, whose new variant fails 1 request in 20. The immune system turns the flag back off
/// with no deploy, and says why.
/// </summary>
public sealed class GuardedRolloutServiceTests : IAsyncLifetime
{
    private const string Key = "new-checkout";

    private FlagServer _server = null!;
    private WebApplication _service = null!;
    private HttpClient _client = null!;

    private static CancellationToken Token => FlagServer.Token;

    public async ValueTask InitializeAsync()
    {
        _server = await FlagServer.StartAsync();
        await _server.PutFlagOkAsync("shop", Key, TestFlags.Off);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSlipway(o =>
        {
            o.ServerUrl = _server.Server.Address;
            o.Service = "shop";
            o.SdkKey = _server.Server.Tokens.InstanceSdkKey("shop");
            o.StartupTimeout = TimeSpan.FromSeconds(30);
            o.EventFlushInterval = TimeSpan.FromMilliseconds(200);
        });
        _service = builder.Build();
        _service.UseSlipwayOutcomes();
        var served = 0;
        _service.MapGet("/checkout", (string user, FlagClient flags) =>
        {
            var context = EvaluationContext.Create(user);
            // The new checkout has a bug: one request in 20 of those who get it fails.
            if (flags.GetBoolean(Key, false, context) && Interlocked.Increment(ref served) % 20 == 0)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            flags.Track("checkout-completed", context);
            return Results.Ok();
        });
        await _service.StartAsync(Token);
        var address = _service.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _service.StopAsync(Token);
        await _service.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_guarded_rollout_of_a_variant_that_fails_one_request_in_twenty_is_turned_back_off_with_evidence()
    {
        using (var started = await _server.Http.PostAsJsonAsync(
            $"/api/services/shop/flags/{Key}/guarded",
            new { steps = new[] { 10, 50, 100 }, minStepSeconds = 5, goals = new[] { new { name = "checkout-completed", maxDrop = 0.02 } } },
            Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var load = Task.Run(() => LoadAsync(stop.Token), Token);
        try
        {
            var ended = await Eventually.GetAsync(
                () => _server.GetJsonAsync($"/api/services/shop/flags/{Key}/guarded"),
                g => g.GetProperty("state").GetString() is "rolled_back" or "completed" or "stopped",
                "the guarded rollout to end",
                Token,
                timeout: TimeSpan.FromMinutes(4),
                describe: g => g.GetRawText());

            Assert.Equal("rolled_back", ended.GetProperty("state").GetString());
            Assert.Equal(10, ended.GetProperty("percent").GetInt32());
            var line = ended.GetProperty("line").GetString()!;
            Assert.StartsWith("flag new-checkout rolled back at 10%: ", line, StringComparison.Ordinal);
            Assert.Contains(" vs ", line, StringComparison.Ordinal);
            Assert.Contains(" requests", line, StringComparison.Ordinal);
            var flag = await _server.GetJsonAsync($"/api/services/shop/flags/{Key}");
            Assert.Equal("off to everyone", flag.GetProperty("serves").GetString());
            Assert.Equal(line, flag.GetProperty("guarded").GetProperty("line").GetString());

            // The evidence is journaled with the verdict, as a wave's is.
            var events = await _server.GetJsonAsync("/api/events?service=shop&type=GuardedStepJudged");
            var judged = Assert.Single(events.GetProperty("entries").EnumerateArray());
            Assert.StartsWith("flag new-checkout at 10%: rolled back: ", judged.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }
    }

    /// <summary>Distinct users at a steady pace, so both cohorts grow at the same time on the same instance.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        var user = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = Enumerable.Range(0, 16).Select(async _ =>
            {
                try
                {
                    using var response = await _client.GetAsync($"/checkout?user=u{Interlocked.Increment(ref user)}", ct);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }
            });
            await Task.WhenAll(batch);
        }
    }
}
