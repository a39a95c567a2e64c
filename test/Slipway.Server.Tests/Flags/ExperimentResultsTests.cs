using System.Net;
using System.Net.Http.Json;
using Slipway.Flags.Protocol;

namespace Slipway.Server.Tests.Flags;

public sealed class ExperimentResultsTests : IAsyncLifetime
{
    private FlagServer _server = null!;

    private static CancellationToken Token => FlagServer.Token;

    public async ValueTask InitializeAsync() => _server = await FlagServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Results_count_distinct_users_per_variant_and_compare_each_with_control()
    {
        await _server.PutFlagOkAsync("shop", "checkout", TestFlags.Experiment);
        // 1000 users per variant; 10 % of control convert and 15 % of treatment. Exposures are sent twice (one per evaluation).
        var exposures = Enumerable.Range(0, 2000)
            .SelectMany(i => Enumerable.Repeat(new ExposureEvent("checkout", i % 2 == 0 ? "control" : "treatment", "SPLIT", $"u{i}", DateTimeOffset.UnixEpoch, 1), 2))
            .ToList();
        var purchases = Enumerable.Range(0, 2000)
            .Where(i => i % 2 == 0 ? i % 20 == 0 : i % 40 is 1 or 3 or 5)
            .Select(i => new TrackEvent("purchase", $"u{i}", 10, DateTimeOffset.UnixEpoch))
            .ToList();
        await PostAsync(new FlagEventBatch { Service = "shop", Environment = "production", Exposures = exposures[..2000] });
        await PostAsync(new FlagEventBatch { Service = "shop", Environment = "production", Exposures = exposures[2000..], Events = purchases });

        var results = await _server.GetJsonAsync("/api/services/shop/experiments/checkout/results");

        Assert.Equal("purchase", results.GetProperty("goal").GetString());
        Assert.Equal("control", results.GetProperty("control").GetString());
        var variants = results.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("variant").GetString()!);
        Assert.Equal(1000, variants["control"].GetProperty("exposures").GetInt64());
        Assert.Equal(100, variants["control"].GetProperty("conversions").GetInt64());
        Assert.Equal(1000, variants["treatment"].GetProperty("exposures").GetInt64());
        Assert.Equal(150, variants["treatment"].GetProperty("conversions").GetInt64());
        Assert.Equal(0.05, variants["treatment"].GetProperty("differenceFromControl").GetDouble(), 9);
        Assert.True(variants["treatment"].GetProperty("differenceLow").GetDouble() > 0);
        Assert.True(variants["treatment"].GetProperty("pValue").GetDouble() < 0.01);
        Assert.False(results.GetProperty("sampleRatio").GetProperty("mismatch").GetBoolean());
    }

    [Fact]
    public async Task A_split_that_exposes_users_out_of_proportion_is_flagged_as_a_sample_ratio_mismatch()
    {
        await _server.PutFlagOkAsync("shop", "checkout", TestFlags.Experiment);
        var exposures = Enumerable.Range(0, 1000).Select(i => new ExposureEvent("checkout", i < 600 ? "control" : "treatment", "SPLIT", $"u{i}", DateTimeOffset.UnixEpoch, 1)).ToList();
        await PostAsync(new FlagEventBatch { Service = "shop", Environment = "production", Exposures = exposures });

        var results = await _server.GetJsonAsync("/api/services/shop/experiments/checkout/results");

        Assert.True(results.GetProperty("sampleRatio").GetProperty("mismatch").GetBoolean());
        Assert.Contains(results.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("sample ratio mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Results_without_a_goal_are_a_400_problem()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Split(50));

        using var response = await _server.Http.GetAsync("/api/services/shop/experiments/greeting/results", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("No goal", (await FlagServer.JsonOf(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Experiment_counts_come_back_from_the_journal_after_a_restart()
    {
        await _server.PutFlagOkAsync("shop", "checkout", TestFlags.Experiment);
        await PostAsync(new FlagEventBatch { Service = "shop", Environment = "production", Exposures = [new ExposureEvent("checkout", "treatment", "SPLIT", "u1", DateTimeOffset.UnixEpoch, 1)] });

        await _server.RestartAsync();

        var results = await _server.GetJsonAsync("/api/services/shop/experiments/checkout/results");
        Assert.Equal(1, results.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == "treatment").GetProperty("exposures").GetInt64());
    }

    private async Task PostAsync(FlagEventBatch batch)
    {
        using var response = await _server.Http.PostAsJsonAsync("/api/flags/v1/events", batch, FlagStreamProtocol.JsonOptions, Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
