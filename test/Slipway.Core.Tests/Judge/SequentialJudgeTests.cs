using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

public sealed class SequentialJudgeTests
{
    private readonly SequentialJudge _judge = new();

    [Fact]
    public void Clear_error_regression_rolls_back_with_evidence()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(312, 15), Snapshots.Group(1104, 1), 6.2));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        var evidence = Assert.IsType<CheckEvidence>(verdict.Deciding);
        Assert.Equal("error ratio", evidence.Check);
        Assert.Equal(CheckStatus.Regressed, evidence.Status);
        Assert.Equal("baseline", evidence.Reference);
        Assert.Equal(15.0 / 312, evidence.New!.Value, 6);
        Assert.Equal(1.0 / 1104, evidence.Old!.Value, 6);
        Assert.Equal(312, evidence.NewCount);
        Assert.Equal(1104, evidence.OldCount);
        Assert.Equal(0.01, evidence.MinimumEffect);
        Assert.True(evidence.Lower > 0);
        Assert.True(evidence.PValue < JudgeOptions.Default.Alpha);
        Assert.StartsWith("regressed: 99% always-valid interval [+", evidence.Rule, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(6.2), verdict.Elapsed);
        Assert.Contains("critical check 'error ratio' regressed", verdict.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_summary_reads_as_one_line_with_the_numbers()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(312, 15), Snapshots.Group(1104, 1), 6.2));

        Assert.Equal("rolled back: error ratio 4.8% vs 0.09% (+4.7 pp > 1 pp), over the limit and significant, p=0.003 after 6.2 s, 312 vs 1,104 requests", verdict.Summary);
    }

    [Fact]
    public void Shadow_mode_renders_the_verdict_as_what_would_have_happened()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(312, 15), Snapshots.Group(1104, 1), 6.2));

        Assert.StartsWith("would have rolled back: error ratio 4.8%", verdict.Render(shadow: true), StringComparison.Ordinal);
        Assert.Equal(verdict.Summary, verdict.Render(shadow: false));
    }

    [Fact]
    public void Same_version_keeps_baking_early_and_promotes_once_every_check_is_clearly_within_its_limit()
    {
        var early = _judge.Evaluate(Snapshots.Input(Snapshots.Group(250, 0), Snapshots.Group(250, 1), 5));
        var later = _judge.Evaluate(Snapshots.Input(Snapshots.Group(3000, 3), Snapshots.Group(3000, 3), 60));

        Assert.Equal(Decision.Continue, early.Decision);
        Assert.StartsWith("baking: ", early.Summary, StringComparison.Ordinal);
        Assert.Equal(Decision.Promote, later.Decision);
        Assert.All(later.Checks, e => Assert.Equal(CheckStatus.Pass, e.Status));
        Assert.StartsWith("promoted: error ratio 0.1% vs 0.1% (+0.0 pp, limit 1 pp)", later.Summary, StringComparison.Ordinal);
        Assert.EndsWith("after 60.0 s, 3,000 vs 3,000 requests", later.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Low_traffic_gives_not_enough_data_and_never_a_pass()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(40, 0), Snapshots.Group(38, 0), 30));

        Assert.Equal(Decision.NotEnoughData, verdict.Decision);
        Assert.All(verdict.Checks, e => Assert.NotEqual(CheckStatus.Pass, e.Status));
        Assert.StartsWith("not enough data: error ratio: no data (40 vs 38 requests, need 100 each)", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_errors_on_both_sides_is_real_data()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(3000, 0), Snapshots.Group(3000, 0), 60));

        var errors = verdict.Checks.Single(e => e.Kind == CheckKind.ErrorRatio);
        Assert.Equal(CheckStatus.Pass, errors.Status);
        Assert.Equal(0, errors.New);
        Assert.Equal(0, errors.Old);
    }

    [Fact]
    public void NaN_errors_in_the_canary_are_no_data_not_a_pass()
    {
        var canary = Snapshots.Group(3000, double.NaN);

        var verdict = _judge.Evaluate(Snapshots.Input(canary, Snapshots.Group(3000, 3), 60));

        Assert.Equal(Decision.NotEnoughData, verdict.Decision);
        var errors = verdict.Checks.Single(e => e.Kind == CheckKind.ErrorRatio);
        Assert.Equal(CheckStatus.NoData, errors.Status);
        Assert.Equal("no data: canary NaN", errors.Rule);
    }

    [Fact]
    public void A_series_only_the_old_version_has_is_not_comparable_and_the_other_checks_decide()
    {
        var canary = Snapshots.Group(3000, 3) with { Requests = new Dictionary<string, RequestCounts>() };

        var verdict = _judge.Evaluate(Snapshots.Input(canary, Snapshots.Group(3000, 3), 60));

        var errors = verdict.Checks.Single(e => e.Kind == CheckKind.ErrorRatio);
        Assert.Equal(CheckStatus.NotComparable, errors.Status);
        Assert.Equal(CheckCase.NotComparable, errors.Case);
        Assert.StartsWith("not comparable: the new version does not expose", errors.Rule, StringComparison.Ordinal);
        Assert.Equal(Decision.Promote, verdict.Decision);
        Assert.Contains("error ratio: not comparable", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_series_missing_on_both_sides_is_no_data_not_a_pass()
    {
        var none = Snapshots.Group(3000, 3) with { Requests = new Dictionary<string, RequestCounts>() };

        var verdict = _judge.Evaluate(Snapshots.Input(none, none, 60));

        Assert.Equal(Decision.NotEnoughData, verdict.Decision);
        Assert.Equal("no data: series missing on both sides (canary and baseline)", verdict.Checks.Single(e => e.Kind == CheckKind.ErrorRatio).Rule);
    }

    [Fact]
    public void Zero_requests_on_both_sides_is_no_data()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(0, 0), Snapshots.Group(0, 0), 10));

        Assert.Equal(Decision.NotEnoughData, verdict.Decision);
        Assert.All(verdict.Checks, e => Assert.Equal(CheckStatus.NoData, e.Status));
    }

    [Fact]
    public void A_missing_baseline_series_falls_back_to_the_fleet()
    {
        var baseline = Snapshots.Group(3000, 3) with { Requests = new Dictionary<string, RequestCounts>() };

        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(312, 15), baseline, 6.2, fleet: Snapshots.Group(9000, 9)));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.Equal("fleet", verdict.Deciding!.Reference);
    }

    [Fact]
    public void A_series_the_old_version_lacks_says_which_side_is_missing_and_is_not_held_against_the_new_one()
    {
        var none = Snapshots.Group(3000, 3) with { Requests = new Dictionary<string, RequestCounts>() };

        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(3000, 3), none, 60));

        Assert.StartsWith("not comparable: baseline series missing: the old version does not expose", verdict.Checks.Single(e => e.Kind == CheckKind.ErrorRatio).Rule, StringComparison.Ordinal);
        Assert.NotEqual(Decision.Rollback, verdict.Decision);
    }

    [Fact]
    public void Latency_regression_rolls_back_on_the_share_of_slow_requests()
    {
        var canary = Snapshots.Group(500, 0, Snapshots.Slow);

        var verdict = _judge.Evaluate(Snapshots.Input(canary, Snapshots.Group(500, 0), 10));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        var evidence = verdict.Deciding!;
        Assert.Equal(CheckKind.LatencyQuantile, evidence.Kind);
        Assert.Equal(0.15, evidence.Threshold);
        Assert.Equal(0.016, evidence.OldTail!.Value, 3);
        Assert.Equal(0.1, evidence.NewTail!.Value, 3);
        Assert.True(evidence.New > evidence.Old);
        Assert.StartsWith("rolled back: p99 latency ", verdict.Summary, StringComparison.Ordinal);
        Assert.Contains("10.0% vs 1.6% over 150 ms", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_counter_that_drops_rolls_back_when_decrease_is_bad()
    {
        Check[] checks = [new() { Name = "greetings", Metric = "greetings_served_total", Kind = CheckKind.CounterRate, Bad = BadDirection.Decrease, MinimumEffect = 0.2 }];
        var canary = new GroupSnapshot { Counters = new Dictionary<string, double> { ["greetings_served_total"] = 0 } };
        var baseline = new GroupSnapshot { Counters = new Dictionary<string, double> { ["greetings_served_total"] = 500 } };

        var verdict = _judge.Evaluate(new JudgeInput { Checks = checks, Canary = canary, Baseline = baseline, Elapsed = TimeSpan.FromSeconds(10) });

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.Equal("rolled back: greetings 0.0/s vs 50.0/s (-100% < -20%), over the limit and significant, p<0.001 after 10.0 s, 0 vs 500 events", verdict.Summary);
    }

    [Fact]
    public void A_counter_that_rises_is_not_a_regression_when_decrease_is_bad()
    {
        Check[] checks = [new() { Name = "greetings", Metric = "greetings_served_total", Kind = CheckKind.CounterRate, Bad = BadDirection.Decrease, MinimumEffect = 0.2 }];
        var canary = new GroupSnapshot { Counters = new Dictionary<string, double> { ["greetings_served_total"] = 1000 } };
        var baseline = new GroupSnapshot { Counters = new Dictionary<string, double> { ["greetings_served_total"] = 500 } };

        var verdict = _judge.Evaluate(new JudgeInput { Checks = checks, Canary = canary, Baseline = baseline, Elapsed = TimeSpan.FromSeconds(10) });

        Assert.Equal(Decision.Promote, verdict.Decision);
    }

    [Fact]
    public void A_non_critical_regression_does_not_roll_back_but_blocks_early_promotion()
    {
        var canary = Snapshots.Group(3000, 3, served: 1500);

        var verdict = _judge.Evaluate(Snapshots.Input(canary, Snapshots.Group(3000, 3), 60));

        Assert.Equal(Decision.Continue, verdict.Decision);
        Assert.Equal(CheckStatus.Regressed, verdict.Checks.Single(e => e.Check == "throughput").Status);
    }

    [Fact]
    public void Watch_window_rolls_back_a_regression_against_the_previous_release()
    {
        var previous = Snapshots.Group(60000, 60) with { Window = TimeSpan.FromMinutes(20) };

        var verdict = _judge.EvaluateWatch(new WatchInput { Checks = Check.Defaults, Current = Snapshots.Group(500, 30), Previous = previous, Elapsed = TimeSpan.FromSeconds(10) });

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.Equal("previous release", verdict.Deciding!.Reference);
    }

    [Fact]
    public void Watch_window_keeps_watching_until_it_ends_then_passes()
    {
        var previous = Snapshots.Group(60000, 60) with { Window = TimeSpan.FromMinutes(20) };
        WatchInput Look(double seconds, double requests) => new() { Checks = Check.Defaults, Current = Snapshots.Group(requests, requests / 1000), Previous = previous, Elapsed = TimeSpan.FromSeconds(seconds) };

        var during = _judge.EvaluateWatch(Look(30, 1500));
        var after = _judge.EvaluateWatch(Look(60, 3000));

        Assert.Equal(Decision.Continue, during.Decision);
        Assert.StartsWith("watching: ", during.Summary, StringComparison.Ordinal);
        Assert.Equal(Decision.Promote, after.Decision);
        Assert.StartsWith("watch passed: ", after.Summary, StringComparison.Ordinal);
    }
}
