using Slipway.Core.Journal;
using Slipway.Server.Api;
using Slipway.Server.State;

namespace Slipway.Server.Tests.Testing;

/// <summary>The test-history projection and its API view, fed with journal events (no processes).</summary>
public sealed class TestHistoryTests
{
    private const string Service = "orders";
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static TestStageCompleted Run(string runId, int seed, IReadOnlyList<TestResultRecord> tests, IReadOnlyList<TestTriageRecord>? triage = null, IReadOnlyList<string>? quarantined = null) =>
        new(Service, runId, "c0ffee" + runId, seed, 2, "passed", false, tests.Count, tests.Count(t => t.Outcome == "passed"), tests.Count(t => t.Outcome != "passed"),
            [], tests, triage ?? [], quarantined ?? [], []);

    private static TestResultRecord Result(string test, string outcome, double seconds) => new("Orders.Tests", test, outcome, seconds, 1);

    private static TestTriageRecord Flaky(string test, double rate) => new(test, "flaky", [], 3, 0, rate, $"{test} passed and failed alone", null);

    [Fact]
    public void History_keeps_durations_flake_rates_over_time_and_quarantine_until_released()
    {
        var state = new SlipwayState();
        state.Apply(1, T0, new ServiceRegistered(Service, "/repo", "main", 0, 5));
        state.Apply(2, T0.AddMinutes(1), Run("r1", 11, [Result("A.Slow", "passed", 2.0), Result("A.Fast", "passed", 0.01), Result("A.Coin", "failed", 0.1)], [Flaky("A.Coin", 0.5)], ["A.Coin"]));
        state.Apply(3, T0.AddMinutes(2), Run("r2", 12, [Result("A.Slow", "passed", 4.0), Result("A.Fast", "passed", 0.02), Result("A.Coin", "passed", 0.1)]));

        var history = state.TestHistories[Service];
        Assert.Equal(2, history.StageRuns);
        Assert.Equal(TimeSpan.FromSeconds(4), history.Durations()["A.Slow"]);
        Assert.Equal(["A.Coin"], history.QuarantinedTests());

        var view = TestsApi.View(Service, history, top: 2);
        Assert.Equal(["A.Slow", "A.Coin"], view.Slowest.Select(s => s.Test));
        Assert.Equal(3.0, view.Slowest[0].MeanSeconds);
        var coin = Assert.Single(view.Flaky);
        Assert.Equal(0.5, coin.FlakeRate);
        Assert.Equal((1, 2), (coin.FlakyRuns, coin.Runs));
        Assert.Equal([0.5], coin.FlakeRates.Select(p => p.Rate));
        Assert.True(coin.Quarantined);
        var quarantined = Assert.Single(view.Quarantined);
        Assert.Equal(("A.Coin", "r1", T0.AddMinutes(1)), (quarantined.Test, quarantined.RunId, quarantined.Since!.Value));
        Assert.Equal(["r2", "r1"], view.RecentRuns.Select(r => r.RunId));
        Assert.Equal(12, view.RecentRuns[0].Seed);

        state.Apply(4, T0.AddMinutes(3), new TestReleasedFromQuarantine(Service, "A.Coin", "api"));
        Assert.Empty(history.QuarantinedTests());
        Assert.Empty(TestsApi.View(Service, history, 10).Quarantined);
    }

    [Fact]
    public void Live_progress_shows_while_a_run_tests_and_clears_when_the_run_ends()
    {
        var state = new SlipwayState();
        state.Apply(1, T0, new TestProgressReported(Service, "r1", "Orders.Tests", 2, 2, 41, 87, 41, 0, 1234));
        Assert.Equal(["r1 shard 2/2: 41/87 passed (seed 1234)"], TestsApi.View(Service, state.TestHistories[Service], 10).Running);

        state.Apply(2, T0, Run("r1", 1234, [Result("A.B", "passed", 0.1)]));
        Assert.Empty(TestsApi.View(Service, state.TestHistories[Service], 10).Running);

        // A run that dies at the test step without a result (the stage could not run) leaves no stale progress behind.
        state.Apply(3, T0, new PipelineQueued(Service, "r2", "c2", "push"));
        state.Apply(4, T0, new TestProgressReported(Service, "r2", "Orders.Tests", 1, 2, 0, 40, 0, 0, 99));
        state.Apply(5, T0, new PipelineFailed(Service, "r2", "c2", "test", 1, "test stage could not run", string.Empty));
        Assert.Empty(TestsApi.View(Service, state.TestHistories[Service], 10).Running);
    }

    [Fact]
    public void Tests_that_failed_in_the_last_five_runs_are_recently_failed_most_recent_first_and_quarantined_ones_are_not()
    {
        var state = new SlipwayState();
        state.Apply(1, T0, new ServiceRegistered(Service, "/repo", "main", 0, 5));
        state.Apply(2, T0, Run("r1", 1, [Result("A.Old", "failed", 0.1), Result("A.Coin", "failed", 0.1)], [Flaky("A.Coin", 0.5)], ["A.Coin"]));
        state.Apply(3, T0, Run("r2", 2, [Result("A.Old", "passed", 0.1), Result("A.Hang", "timed_out", 1)]));
        state.Apply(4, T0, Run("r3", 3, [Result("A.Newer", "failed", 0.1)]));

        var history = state.TestHistories[Service];
        Assert.Equal(["A.Newer", "A.Hang", "A.Old"], history.RecentlyFailed());

        for (var i = 0; i < 3; i++)
        {
            state.Apply(5 + i, T0, Run($"p{i}", 10 + i, [Result("A.Old", "passed", 0.1)]));
        }

        // r1 is now six runs back: A.Old's failure no longer counts; r2's and r3's still do.
        Assert.Equal(["A.Newer", "A.Hang"], history.RecentlyFailed());
        Assert.Equal(["A.Newer"], history.RecentlyFailed(max: 1));
    }
}
