using Microsoft.Extensions.Time.Testing;
using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

public sealed class CohortJudgeTests
{
    private static readonly TimeSpan MinStep = TimeSpan.FromSeconds(30);

    private readonly CohortJudge _judge = new();

    /// <summary>Counts for a cohort: requests with this many 5xx, durations spread like a healthy service (or slower), goals reached.</summary>
    private static CohortCounts Cohort(long requests, long errors, double slow = 1, Dictionary<string, long>? goals = null)
    {
        // Shares per bucket of 1, 2, 5, 10, 20, 50, 100, 200, 300 ms: median about 20-50 ms, p99 under 200 ms.
        double[] healthy = [0, 0, 0.02, 0.08, 0.30, 0.40, 0.16, 0.035, 0.005];
        double[] slower = [0, 0, 0.005, 0.02, 0.10, 0.30, 0.35, 0.17, 0.055];
        var shares = slow > 1 ? slower : healthy;
        var durations = new long[CohortCounts.BoundsMs.Count + 1];
        long placed = 0;
        for (var i = 0; i < shares.Length; i++)
        {
            durations[i] = (long)Math.Round(requests * shares[i]);
            placed += durations[i];
        }

        durations[shares.Length] += Math.Max(0, requests - placed);
        return new CohortCounts([0, requests - errors, 0, 0, errors], durations, goals ?? []);
    }

    private static CohortInput Input(CohortCounts on, CohortCounts off, double seconds, IReadOnlyList<Check>? checks = null)
    {
        checks ??= CohortChecks.For();
        return new()
        {
            Checks = checks,
            FlagOn = on.ToSnapshot(CohortChecks.GoalNames(checks)),
            FlagOff = off.ToSnapshot(CohortChecks.GoalNames(checks)),
            Elapsed = TimeSpan.FromSeconds(seconds),
            MinStep = MinStep,
        };
    }

    [Fact]
    public void A_flag_on_cohort_with_more_errors_rolls_back_against_the_flag_off_cohort_with_evidence()
    {
        var verdict = _judge.Evaluate(Input(Cohort(1310, 64), Cohort(3920, 8), 12));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        var deciding = Assert.IsType<CheckEvidence>(verdict.Deciding);
        Assert.Equal("error ratio", deciding.Check);
        Assert.Equal(CohortJudge.Reference, deciding.Reference);
        Assert.Equal(1310, deciding.NewCount);
        Assert.Equal(3920, deciding.OldCount);
        Assert.Equal("error ratio 4.9% vs 0.2% (+4.7 pp > 1 pp), over the limit and significant, p<0.001 after 12.0 s, 1,310 vs 3,920 requests", verdict.Detail);
    }

    [Fact]
    public void A_rollback_does_not_wait_for_the_minimum_step()
    {
        var decision = _judge.Decide(Input(Cohort(1310, 64), Cohort(3920, 8), 5));

        Assert.Equal(GateAction.Rollback, decision.Action);
    }

    [Fact]
    public void Same_behaviour_in_both_cohorts_keeps_going_until_the_minimum_step_then_promotes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var onBefore = Cohort(500, 1);
        var offBefore = Cohort(4500, 9);
        var step = new CohortStep(time, onBefore, offBefore, MinStep, CohortChecks.For());

        time.Advance(TimeSpan.FromSeconds(20));
        var early = _judge.Evaluate(step.Look(onBefore.Add(Cohort(20000, 20)), offBefore.Add(Cohort(60000, 60))));
        time.Advance(TimeSpan.FromSeconds(10));
        var atMinStep = _judge.Evaluate(step.Look(onBefore.Add(Cohort(30000, 30)), offBefore.Add(Cohort(90000, 90))));

        Assert.Equal(Decision.Continue, early.Decision);
        Assert.Contains("minimum time (30.0 s) has not passed", early.Rule, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(20), early.Elapsed);
        Assert.Equal(Decision.Promote, atMinStep.Decision);
        Assert.Equal(TimeSpan.FromSeconds(30), atMinStep.Elapsed);
        var errors = atMinStep.Checks.Single(c => c.Check == "error ratio");
        Assert.Equal(30000, errors.NewCount);
        Assert.Equal(90000, errors.OldCount);
    }

    [Fact]
    public void A_step_judges_only_what_was_served_since_it_started()
    {
        var time = new FakeTimeProvider();
        // Before the step the flag-on cohort had a bad spell; the step starts after it.
        var onBefore = Cohort(1000, 300);
        var offBefore = Cohort(9000, 9);
        var step = new CohortStep(time, onBefore, offBefore, MinStep, CohortChecks.For());
        time.Advance(TimeSpan.FromSeconds(40));

        var verdict = _judge.Evaluate(step.Look(onBefore.Add(Cohort(30000, 30)), offBefore.Add(Cohort(90000, 90))));

        Assert.Equal(Decision.Promote, verdict.Decision);
    }

    [Fact]
    public void A_small_cohort_is_not_enough_data_and_never_a_pass()
    {
        var verdict = _judge.Evaluate(Input(Cohort(60, 0), Cohort(540, 1), 40));

        Assert.Equal(Decision.NotEnoughData, verdict.Decision);
        Assert.StartsWith("error ratio: no data (60 vs 540 requests, need 100 each)", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_on_cohort_with_no_flag_off_cohort_beside_it_is_not_enough_data()
    {
        var verdict = _judge.Evaluate(Input(Cohort(5000, 5), CohortCounts.Empty, 40));

        Assert.Equal(Decision.NotEnoughData, verdict.Decision);
    }

    [Fact]
    public void A_slower_flag_on_cohort_rolls_back_on_p99_latency()
    {
        var verdict = _judge.Evaluate(Input(Cohort(20000, 0, slow: 2), Cohort(60000, 0), 60));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.Equal("p99 latency", verdict.Deciding!.Check);
    }

    [Fact]
    public void A_declared_goal_that_drops_by_more_than_its_limit_rolls_back()
    {
        var checks = CohortChecks.For([new("checkout", 0.02)]);
        var on = Cohort(20000, 20, goals: new() { ["checkout"] = 8000 });
        var off = Cohort(60000, 60, goals: new() { ["checkout"] = 30000 });

        var verdict = _judge.Evaluate(Input(on, off, 60, checks));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        var goal = Assert.IsType<CheckEvidence>(verdict.Deciding);
        Assert.Equal("goal checkout", goal.Check);
        Assert.Equal(CheckKind.GoalRatio, goal.Kind);
        Assert.StartsWith("goal checkout 40.0% vs 50.0% of requests (-20% < -2%), over the limit and significant", goal.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_goal_that_holds_does_not_roll_back_and_is_judged_relative_to_the_flag_off_ratio()
    {
        var checks = CohortChecks.For([new("checkout", 0.02)]);
        var on = Cohort(20000, 20, goals: new() { ["checkout"] = 10010 });
        var off = Cohort(60000, 60, goals: new() { ["checkout"] = 30000 });

        var verdict = _judge.Evaluate(Input(on, off, 60, checks));

        Assert.NotEqual(Decision.Rollback, verdict.Decision);
        var goal = verdict.Checks.Single(c => c.Check == "goal checkout");
        // 2% of a 50% ratio: a margin of 1 point.
        Assert.Equal(0.01, goal.Margin!.Value, 3);
        Assert.NotEqual(CheckStatus.Regressed, goal.Status);
    }

    [Fact]
    public void A_goal_no_request_reached_is_a_real_zero_on_both_sides()
    {
        var checks = CohortChecks.For([new("checkout", 0.02)]);

        var verdict = _judge.Evaluate(Input(Cohort(20000, 20), Cohort(60000, 60), 60, checks));

        var goal = verdict.Checks.Single(c => c.Check == "goal checkout");
        Assert.NotEqual(CheckStatus.NoData, goal.Status);
        Assert.Equal(0, goal.New);
    }

    [Fact]
    public void At_the_step_limit_a_cohort_still_short_of_data_follows_the_not_enough_data_policy()
    {
        var judge = new CohortJudge(JudgeOptions.Default with { NotEnoughData = NotEnoughDataPolicy.Fail });
        var limit = MinStep + JudgeOptions.Default.MaxBakeExtension;

        var decision = judge.Decide(Input(Cohort(60, 0), Cohort(540, 1), limit.TotalSeconds));

        Assert.Equal(GateAction.Fail, decision.Action);
        Assert.StartsWith("not enough data by the bake limit, policy 'fail'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_goal_series_absent_from_both_cohorts_is_no_data_and_never_a_pass()
    {
        var checks = CohortChecks.For([new("checkout", 0.02)]);
        var input = Input(Cohort(20000, 20), Cohort(60000, 60), 60, checks) with
        {
            FlagOn = Cohort(20000, 20).ToSnapshot(),
            FlagOff = Cohort(60000, 60).ToSnapshot(),
        };

        var verdict = _judge.Evaluate(input);

        Assert.Equal(Decision.NotEnoughData, verdict.Decision);
        Assert.Equal(CheckStatus.NoData, verdict.Checks.Single(c => c.Check == "goal checkout").Status);
    }

    [Fact]
    public void Cohort_counts_become_a_latency_histogram_in_seconds_with_cumulative_buckets()
    {
        var snapshot = new CohortCounts([0, 9, 0, 0, 1], [0, 0, 2, 3, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], new Dictionary<string, long>()).ToSnapshot();

        var histogram = snapshot.Histograms[CohortChecks.LatencyMetric];
        Assert.Equal(10, histogram.Count);
        Assert.Equal(new HistogramBucket(0.005, 2), histogram.Buckets[2]);
        Assert.Equal(new HistogramBucket(0.02, 10), histogram.Buckets[4]);
        Assert.Equal(double.PositiveInfinity, histogram.Buckets[^1].UpperBound);
        Assert.Equal(new RequestCounts(10, 1), snapshot.Requests[CohortChecks.RequestsMetric]);
    }

    [Fact]
    public void Goals_beyond_one_per_request_are_capped_at_the_requests()
    {
        var snapshot = Cohort(100, 0, goals: new() { ["checkout"] = 250 }).ToSnapshot();

        Assert.Equal(new RequestCounts(100, 100), snapshot.Requests[CohortChecks.GoalMetric("checkout")]);
    }
}
