using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slipway.Flags;
using Slipway.Flags.Protocol;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Flags;

/// <summary>
/// Per-variant outcomes reach the server through the SDK's wire contract, and guarded rollouts act on them: a real
/// server, and outcomes posted as the SDK posts them, with counts chosen so that each step's verdict is known.
/// </summary>
public sealed class GuardedRolloutTests : IAsyncLifetime
{
    private const string Key = "new-checkout";

    private FlagServer _server = null!;

    private static CancellationToken Token => FlagServer.Token;

    public async ValueTask InitializeAsync()
    {
        _server = await FlagServer.StartAsync();
        await _server.PutFlagOkAsync("shop", Key, TestFlags.Off);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static VariantOutcome Outcome(string variant, long requests, long errors, IReadOnlyDictionary<string, long>? goals = null)
    {
        var durations = new long[VariantOutcome.DurationBoundsMs.Count + 1];
        // 20-50 ms for most, a tail to 200 ms: the same shape for every cohort.
        durations[5] = requests * 80 / 100;
        durations[6] = requests * 15 / 100;
        durations[7] = requests - durations[5] - durations[6];
        return new VariantOutcome(Key, variant, [0, requests - errors, 0, 0, errors], durations, goals ?? new Dictionary<string, long>());
    }

    private Task<HttpResponseMessage> PostOutcomesAsync(params VariantOutcome[] outcomes) =>
        _server.Http.PostAsJsonAsync("/api/flags/v1/events", new FlagEventBatch { Service = "shop", Environment = "production", Outcomes = outcomes }, FlagStreamProtocol.JsonOptions, Token);

    private Task<JsonElement> GuardedAsync() => _server.GetJsonAsync($"/api/services/shop/flags/{Key}/guarded");

    [Fact]
    public async Task Outcomes_sent_with_the_sdks_batches_are_kept_per_variant()
    {
        using (var first = await PostOutcomesAsync(Outcome("on", 100, 5), Outcome("off", 900, 1)))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using (await PostOutcomesAsync(Outcome("on", 100, 5, new Dictionary<string, long> { ["checkout"] = 40 })))
        {
        }

        var cohorts = await _server.GetJsonAsync($"/api/services/shop/flags/{Key}/cohorts");
        var on = cohorts.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == "on");
        Assert.Equal(200, on.GetProperty("requests").GetInt64());
        Assert.Equal(10, on.GetProperty("serverErrors").GetInt64());
        Assert.Equal(0.05, on.GetProperty("errorRatio").GetDouble(), 6);
        Assert.Equal(40, on.GetProperty("goals").GetProperty("checkout").GetInt64());
    }

    [Theory]
    [InlineData("""{"flagKey":"new-checkout","variant":"on","statusClasses":[1,2,3],"durationBuckets":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"goals":{}}""", "outcomes[0] statusClasses must hold 5 counts")]
    [InlineData("""{"flagKey":"new-checkout","variant":"on","statusClasses":[0,1,0,0,0],"durationBuckets":[1],"goals":{}}""", "outcomes[0] durationBuckets must hold 17 counts")]
    [InlineData("""{"flagKey":"new-checkout","variant":"on","statusClasses":[0,-1,0,0,0],"durationBuckets":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"goals":{}}""", "counts must be from 0 to")]
    [InlineData("""{"flagKey":"","variant":"on","statusClasses":[0,1,0,0,0],"durationBuckets":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1],"goals":{}}""", "flagKey must be 1 to")]
    public async Task A_malformed_outcome_is_a_400_naming_it_and_nothing_of_the_batch_is_kept(string outcome, string detail)
    {
        var body = $$"""{"service":"shop","environment":"production","outcomes":[{{outcome}}]}""";
        using var response = await _server.Http.PostAsync("/api/flags/v1/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await FlagServer.JsonOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var cohorts = await _server.GetJsonAsync($"/api/services/shop/flags/{Key}/cohorts");
        Assert.Empty(cohorts.GetProperty("variants").EnumerateArray());
    }

    [Fact]
    public async Task More_outcomes_than_an_sdk_table_holds_is_a_413()
    {
        var outcomes = Enumerable.Range(0, 257).Select(i => Outcome("v" + i, 1, 0)).ToArray();

        using var response = await PostOutcomesAsync(outcomes);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("""{}""", "Missing steps")]
    [InlineData("""{"steps":[5,1]}""", "Invalid steps")]
    [InlineData("""{"steps":[0,50]}""", "Invalid steps")]
    [InlineData("""{"steps":[10,101]}""", "Invalid steps")]
    [InlineData("""{"steps":[10],"minStepSeconds":0}""", "Invalid minimum step")]
    [InlineData("""{"steps":[10],"goals":[{"name":"checkout","maxDrop":2}]}""", "Invalid goal")]
    [InlineData("""{"steps":[10],"variant":"purple"}""", "Unknown variant")]
    public async Task A_bad_guarded_rollout_request_is_a_400_and_changes_nothing(string body, string title)
    {
        using var response = await _server.Http.PostAsync($"/api/services/shop/flags/{Key}/guarded", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await FlagServer.JsonOf(response)).GetProperty("title").GetString());
        using var none = await _server.Http.GetAsync($"/api/services/shop/flags/{Key}/guarded", Token);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task A_guarded_rollout_of_an_unknown_flag_is_a_404()
    {
        using var response = await _server.Http.PostAsJsonAsync("/api/services/shop/flags/no-such-flag/guarded", new { steps = new[] { 10 } }, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// Step 1 (10%) is healthy and promotes after its minimum step; step 2 (50%) fails 1 request in 10 in the flag-on
    /// cohort, so the judge rolls it back and the flag goes back to 10%, its last safe state, with the verdict's line.
    /// </summary>
    [Fact]
    public async Task A_guarded_rollout_promotes_a_healthy_step_and_sets_a_failing_one_back_to_the_last_safe_step()
    {
        using var started = await _server.Http.PostAsJsonAsync($"/api/services/shop/flags/{Key}/guarded", new { steps = new[] { 10, 50, 100 }, minStepSeconds = 1 }, Token);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(10, (await FlagServer.JsonOf(started)).GetProperty("percent").GetInt32());

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var bad = 0;
        var feeding = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var onErrors = Volatile.Read(ref bad) == 1 ? 100 : 0;
                using (await PostOutcomesAsync(Outcome("on", 1000, onErrors), Outcome("off", 9000, 9)))
                {
                }

                await Task.Delay(100, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }, Token);
        try
        {
            await Eventually.GetAsync(GuardedAsync, g => g.GetProperty("percent").GetInt32() == 50, "step 2 (50%) to start", Token, describe: g => g.GetRawText());
            Volatile.Write(ref bad, 1);
            var ended = await Eventually.GetAsync(GuardedAsync, g => g.GetProperty("state").GetString() == "rolled_back", "the 50% step to be rolled back", Token, describe: g => g.GetRawText());

            Assert.Equal(50, ended.GetProperty("percent").GetInt32());
            Assert.Equal(10, ended.GetProperty("lastSafePercent").GetInt32());
            Assert.StartsWith("flag new-checkout rolled back at 50%: error ratio", ended.GetProperty("line").GetString(), StringComparison.Ordinal);
            Assert.Equal(["promote", "rollback"], ended.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("verdict").GetString()));
            var flag = await _server.GetJsonAsync($"/api/services/shop/flags/{Key}");
            Assert.Equal("on 10 %, off 90 %", flag.GetProperty("serves").GetString());
            Assert.Equal("rolled_back", flag.GetProperty("guarded").GetProperty("state").GetString());
            var audit = await _server.GetJsonAsync("/api/services/shop/flags-audit?key=" + Key);
            var byDriver = audit.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("by").GetString() == "immune system").Select(e => e.GetProperty("after").GetString()!).ToList();
            Assert.Equal(3, byDriver.Count);

            // Sticky: every user who got the variant at 10% still has it at 50%.
            bool On(string flagJson, string user) => new FlagEvaluator(FlagDocument.Parse("{\"flags\":{\"" + Key + "\":" + flagJson + "}}"), TimeProvider.System)
                .EvaluateBoolean(Key, false, EvaluationContext.Create(user)).Value;
            var users = Enumerable.Range(0, 2000).Select(i => $"user-{i}").ToList();
            var onAt10 = users.Where(u => On(byDriver[0], u)).ToList();
            Assert.InRange(onAt10.Count, 120, 280);
            Assert.All(onAt10, u => Assert.True(On(byDriver[1], u), $"{u} lost the variant between 10% and 50%"));
        }
        finally
        {
            await stop.CancelAsync();
            await feeding;
        }
    }

    [Fact]
    public async Task A_first_step_that_regresses_restores_the_flag_as_it_was_before_the_rollout()
    {
        using (var started = await _server.Http.PostAsJsonAsync($"/api/services/shop/flags/{Key}/guarded", new { steps = new[] { 20, 100 }, minStepSeconds = 1 }, Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var ended = await Eventually.GetAsync(
            async () =>
            {
                using (await PostOutcomesAsync(Outcome("on", 1000, 100), Outcome("off", 4000, 4)))
                {
                }

                return await GuardedAsync();
            },
            g => g.GetProperty("state").GetString() == "rolled_back",
            "the first step to be rolled back",
            Token,
            describe: g => g.GetRawText());

        Assert.Equal(JsonValueKind.Null, ended.GetProperty("lastSafePercent").ValueKind);
        var flag = await _server.GetJsonAsync($"/api/services/shop/flags/{Key}");
        Assert.Equal("static", flag.GetProperty("rule").GetString());
        Assert.Equal("off to everyone", flag.GetProperty("serves").GetString());
    }

    [Fact]
    public async Task A_second_guarded_rollout_of_the_same_flag_while_one_runs_is_a_409()
    {
        using (await _server.Http.PostAsJsonAsync($"/api/services/shop/flags/{Key}/guarded", new { steps = new[] { 10, 100 }, minStepSeconds = 600 }, Token))
        {
        }

        using var second = await _server.Http.PostAsJsonAsync($"/api/services/shop/flags/{Key}/guarded", new { steps = new[] { 10, 100 } }, Token);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task A_persons_change_to_the_flag_during_a_guarded_rollout_stops_it_and_the_change_stands()
    {
        using (await _server.Http.PostAsJsonAsync($"/api/services/shop/flags/{Key}/guarded", new { steps = new[] { 10, 50 }, minStepSeconds = 600 }, Token))
        {
        }

        await _server.PutFlagOkAsync("shop", Key, TestFlags.Split(30));

        var stopped = await Eventually.GetAsync(GuardedAsync, g => g.GetProperty("state").GetString() == "stopped", "the guarded rollout to stop", Token, describe: g => g.GetRawText());
        Assert.StartsWith("flag new-checkout guarded rollout stopped at 10%: the flag was changed by ", stopped.GetProperty("line").GetString(), StringComparison.Ordinal);
        var flag = await _server.GetJsonAsync($"/api/services/shop/flags/{Key}");
        Assert.Equal("on 30 %, off 70 %", flag.GetProperty("serves").GetString());
    }

    [Fact]
    public async Task Deleting_the_flag_during_a_guarded_rollout_stops_it()
    {
        using (await _server.Http.PostAsJsonAsync($"/api/services/shop/flags/{Key}/guarded", new { steps = new[] { 10, 50 }, minStepSeconds = 600 }, Token))
        {
        }

        using (var deleted = await _server.Http.DeleteAsync($"/api/services/shop/flags/{Key}", Token))
        {
            Assert.True(deleted.IsSuccessStatusCode);
        }

        await Eventually.TrueAsync(
            () => _server.Server.Journal.Read(s => s.Flags.Find(new Server.Flags.FlagScope("shop", "production"))!.Guarded[Key].Outcome) == "stopped",
            "the guarded rollout of the deleted flag to stop",
            Token);
    }

    /// <summary>The journal says a step is under way: after a restart the server judges it again and acts on its verdict.</summary>
    [Fact]
    public async Task A_guarded_rollout_resumes_after_a_server_restart_from_the_journal()
    {
        using (await _server.Http.PostAsJsonAsync($"/api/services/shop/flags/{Key}/guarded", new { steps = new[] { 10, 50 }, minStepSeconds = 1 }, Token))
        {
        }

        await _server.RestartAsync();
        var resumed = await GuardedAsync();
        Assert.Equal(("judging", 10), (resumed.GetProperty("state").GetString(), resumed.GetProperty("percent").GetInt32()));

        var ended = await Eventually.GetAsync(
            async () =>
            {
                using (await PostOutcomesAsync(Outcome("on", 1000, 100), Outcome("off", 9000, 9)))
                {
                }

                return await GuardedAsync();
            },
            g => g.GetProperty("state").GetString() == "rolled_back",
            "the resumed step to be rolled back",
            Token,
            describe: g => g.GetRawText());

        Assert.StartsWith("flag new-checkout rolled back at 10%: error ratio", ended.GetProperty("line").GetString(), StringComparison.Ordinal);
    }
}
