using System.Text.Json;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Immune;

/// <summary>
/// Issue 11's promise: any HTTP service gets the immune system with no code. The service here is a Python
/// http.server with no /metrics; the judge has only what the front door measured, and the judge's own defaults
/// (no judge section, so no not_enough_data override).
/// </summary>
[Collection(Deployments.Name)]
public sealed class FrontDoorImmuneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_with_no_metrics_is_rolled_back_when_a_release_fails_five_percent_and_its_fix_is_promoted()
    {
        Assert.SkipUnless(PlainHttpService.Available, "python3 is not installed");
        await using var bed = await TestBed.CreateAsync("frontdoor-immune", Ct);
        var config = PlainHttpService.Config(bed.Owner);
        bed.Repository.WriteFile("server.py", PlainHttpService.Source(failEvery: 0));
        var v1 = await bed.CommitAsync(config, "v1: a plain HTTP server", Ct);
        await bed.StartServerAsync(Ct);
        var registered = await bed.Api.RegisterAsync("plain", bed.Repository.Path, Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("plain", v1, Ct)).Outcome);

        await using var load = FrontDoorLoad.Start(new Uri(registered.FrontDoor), perSecond: 150);

        bed.Repository.WriteFile("server.py", PlainHttpService.Source(failEvery: 20));
        var bad = await bed.CommitAsync(config, "v2: fails one request in 20", Ct);
        await bed.Api.PushAsync("plain", Ct);
        var rolledBack = await bed.Api.WaitForRolloutAsync("plain", bad, Ct, TimeSpan.FromMinutes(6));

        Assert.Equal("rolled_back", rolledBack.Outcome);
        Assert.Equal("immune", rolledBack.Reason);
        Assert.Contains("error ratio", rolledBack.Summary, StringComparison.Ordinal);
        Assert.Contains("over the limit and significant", rolledBack.Summary, StringComparison.Ordinal);
        var detail = await bed.Api.RolloutAsync(rolledBack.RolloutId, Ct);
        var baked = detail.Timeline.Single(t => t.Type == "WaveBaked");
        using (var evidence = JsonDocument.Parse(JsonSerializer.Serialize(baked.Event)).RootElement.GetProperty("evidenceJson").GetString() is { } json ? JsonDocument.Parse(json) : null)
        {
            Assert.NotNull(evidence);
            var deciding = evidence.RootElement.GetProperty("deciding");
            Assert.Equal("slipway_frontdoor_requests_total", deciding.GetProperty("metric").GetString());
            Assert.True(deciding.GetProperty("deciding").GetBoolean());
            var service = evidence.RootElement.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("check").GetString()!.StartsWith("service ", StringComparison.Ordinal)).ToList();
            Assert.All(service, c => Assert.Equal("NotComparable", c.GetProperty("case").GetString()));
        }

        bed.Repository.WriteFile("server.py", PlainHttpService.Source(failEvery: 0) + "# fixed\n");
        var fixedVersion = await bed.CommitAsync(config, "v3: the fix", Ct);
        await bed.Api.PushAsync("plain", Ct);
        var promoted = await bed.Api.WaitForRolloutAsync("plain", fixedVersion, Ct, TimeSpan.FromMinutes(8));

        Assert.True(promoted.Outcome == "promoted", $"{promoted.Outcome}: {promoted.Summary}");
        Assert.DoesNotContain("not enough data", promoted.Summary ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("by policy", promoted.Summary ?? string.Empty, StringComparison.Ordinal);
        Assert.True(load.Answered > 0);
    }
}
