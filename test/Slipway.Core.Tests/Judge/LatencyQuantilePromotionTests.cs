using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

/// <summary>
/// The front door's fine histogram (three bounds per doubling) makes a p99 check's always-valid interval on its tail
/// share far wider than its margin at the counts a bake has, so a good release never proved its p99 within 20% and
/// every wave baked to its limit. Once the declared bake is over, a latency quantile within its limit with nothing
/// significant no longer holds a release back; one over its limit still does, and a real regression still rolls back.
/// </summary>
public sealed class LatencyQuantilePromotionTests
{
    private static readonly TimeSpan Bake = TimeSpan.FromSeconds(3);

    private readonly SequentialJudge _judge = new();

    [Fact]
    public void A_good_release_on_front_door_buckets_cannot_prove_its_p99_but_promotes_once_the_bake_is_over()
    {
        var canary = Group(1500, errors: 0, median: 0.002, sigma: 0.8);
        var baseline = Group(1500, errors: 0, median: 0.002, sigma: 0.8);

        var withoutBake = _judge.Evaluate(Input(canary, baseline, seconds: 20, bake: null));
        var verdict = _judge.Evaluate(Input(canary, baseline, seconds: 20, bake: Bake));

        // The interval does not fit: without a declared bake the release would bake on to its limit.
        var p99 = verdict.Checks.Single(e => e.Check == "p99 latency");
        Assert.Equal(CheckStatus.Inconclusive, p99.Status);
        Assert.Equal(Decision.Continue, withoutBake.Decision);
        Assert.Equal(Decision.Promote, verdict.Decision);
        Assert.Equal(CheckStatus.Pass, verdict.Checks.Single(e => e.Check == "error ratio").Status);
        Assert.Equal(CheckCase.WithinLimits, p99.Case);
        Assert.Contains("within limits, p=", p99.Summary, StringComparison.Ordinal);
        Assert.Contains("not yet proven: interval [", p99.Summary, StringComparison.Ordinal);
        Assert.Contains("the declared bake is over, no critical check is over its limit, and p99 latency is within its limit and no worse than the old version at this look", verdict.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_the_declared_bake_is_over_the_p99_must_still_prove_itself()
    {
        var canary = Group(1500, errors: 0, median: 0.002, sigma: 0.8);
        var baseline = Group(1500, errors: 0, median: 0.002, sigma: 0.8);

        var verdict = _judge.Evaluate(Input(canary, baseline, seconds: 2, bake: Bake));

        Assert.Equal(Decision.Continue, verdict.Decision);
    }

    [Fact]
    public void A_real_p99_regression_on_front_door_buckets_still_rolls_back_after_the_bake()
    {
        var canary = Group(1500, errors: 0, median: 0.003, sigma: 0.8);
        var baseline = Group(1500, errors: 0, median: 0.002, sigma: 0.8);

        var verdict = _judge.Evaluate(Input(canary, baseline, seconds: 20, bake: Bake));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.Equal("p99 latency", verdict.Deciding!.Check);
        Assert.Equal(CheckCase.OverLimitSignificant, verdict.Deciding.Case);
    }

    [Fact]
    public void A_p99_within_its_limit_but_slower_than_the_old_one_at_this_look_keeps_the_bake_going()
    {
        // 5% slower: within the 20% limit, but its share of slow requests is above the old one's; a real slowdown looks
        // like this far more often than a good release does, so the bake waits for a look where it is not.
        var canary = Group(1500, errors: 0, median: 0.0021, sigma: 0.8);
        var baseline = Group(1500, errors: 0, median: 0.002, sigma: 0.8);

        var verdict = _judge.Evaluate(Input(canary, baseline, seconds: 20, bake: Bake));

        var p99 = verdict.Checks.Single(e => e.Check == "p99 latency");
        Assert.Equal(CheckCase.WithinLimits, p99.Case);
        Assert.Equal(CheckStatus.Inconclusive, p99.Status);
        Assert.True(p99.Estimate > 0);
        Assert.Equal(Decision.Continue, verdict.Decision);
    }

    [Fact]
    public void A_p99_over_its_limit_but_not_significant_keeps_the_bake_going()
    {
        // 25% slower on few requests: over the 20% limit on the estimate, not significant yet.
        var canary = Group(300, errors: 0, median: 0.0025, sigma: 0.8);
        var baseline = Group(300, errors: 0, median: 0.002, sigma: 0.8);

        var verdict = _judge.Evaluate(Input(canary, baseline, seconds: 20, bake: Bake));

        var p99 = verdict.Checks.Single(e => e.Check == "p99 latency");
        Assert.Equal(CheckCase.OverLimitNotSignificant, p99.Case);
        Assert.Equal(Decision.Continue, verdict.Decision);
    }

    [Fact]
    public void The_error_ratio_must_still_show_its_interval_within_its_margin_after_the_bake()
    {
        // 150 requests each without errors: within the 1 pp limit on the estimate, but the interval is wider than 1 pp.
        var verdict = _judge.Evaluate(Input(Group(150, 0, 0.002, 0.3), Group(150, 0, 0.002, 0.3), seconds: 20, bake: Bake));

        var errors = verdict.Checks.Single(e => e.Check == "error ratio");
        Assert.Equal(CheckStatus.Inconclusive, errors.Status);
        Assert.Equal(CheckCase.WithinLimits, errors.Case);
        Assert.Equal(Decision.Continue, verdict.Decision);
    }

    [Fact]
    public void A_non_critical_check_over_its_limit_does_not_hold_a_release_after_the_bake_and_says_non_critical()
    {
        var canary = Group(3000, errors: 0, median: 0.002, sigma: 0.3) with { Counters = new Dictionary<string, double> { [Check.FrontDoorRequestsMetric] = 1500 } };
        var baseline = Group(3000, errors: 0, median: 0.002, sigma: 0.3);

        var before = _judge.Evaluate(Input(canary, baseline, seconds: 2, bake: Bake));
        var after = _judge.Evaluate(Input(canary, baseline, seconds: 20, bake: Bake));

        Assert.Equal(Decision.Continue, before.Decision);
        Assert.Equal(Decision.Promote, after.Decision);
        var throughput = after.Checks.Single(e => e.Check == "throughput");
        Assert.Equal(CheckCase.OverLimitSignificant, throughput.Case);
        Assert.False(throughput.Deciding);
        Assert.Contains("over the limit and significant, p<0.001, non-critical", throughput.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_watch_window_does_not_roll_back_on_latency_against_a_reference_recorded_at_another_time()
    {
        // The previous release's baseline was recorded on a quiet machine; now the machine is loaded and everything is 50% slower.
        var previous = Group(3000, errors: 0, median: 0.002, sigma: 0.8) with { Window = TimeSpan.FromSeconds(30), Instances = 1 };
        var current = Group(3000, errors: 0, median: 0.003, sigma: 0.8) with { Instances = 1 };
        var checks = Snapshots.FrontDoorChecks.Where(c => c.Kind != CheckKind.CounterRate).ToList();

        var during = _judge.EvaluateWatch(new WatchInput { Checks = checks, Current = current, Previous = previous, Elapsed = TimeSpan.FromSeconds(30) });
        var ended = _judge.EvaluateWatch(new WatchInput { Checks = checks, Current = current, Previous = previous, Elapsed = TimeSpan.FromSeconds(60) });

        Assert.Equal(Decision.Continue, during.Decision);
        Assert.Equal(Decision.Promote, ended.Decision);
        var p99 = ended.Checks.Single(e => e.Check == "p99 latency");
        Assert.False(p99.Critical);
        Assert.Equal(CheckCase.OverLimitSignificant, p99.Case);
        Assert.Contains(SequentialJudge.WatchLatencyNote, p99.Summary, StringComparison.Ordinal);
        Assert.Contains(SequentialJudge.WatchLatencyNote, ended.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_watch_window_still_rolls_back_on_errors()
    {
        var previous = Group(3000, errors: 3, median: 0.002, sigma: 0.8) with { Window = TimeSpan.FromSeconds(30), Instances = 1 };
        var current = Group(1000, errors: 60, median: 0.002, sigma: 0.8) with { Instances = 1 };

        var verdict = _judge.EvaluateWatch(new WatchInput { Checks = Snapshots.FrontDoorChecks, Current = current, Previous = previous, Elapsed = TimeSpan.FromSeconds(10) });

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.Equal("error ratio", verdict.Deciding!.Check);
    }

    [Fact]
    public void A_good_release_whose_requests_cluster_just_under_the_p99_is_compared_where_the_p99_is_and_promoted()
    {
        // A plain HTTP server behind TCP's delayed acknowledgement: a third of the requests take about 1 ms, the rest
        // 40–50 ms, a few more. The p99 (about 50 ms) lies in the bucket from 40.3 ms to 50.8 ms, which holds 65% of
        // the requests. Compared on the share over 40.3 ms (66% vs 66.7%), a good release was "over the limit" against
        // a 0.2 pp margin and rolled back at the bake's limit (the console's evidence screenshot, 2026-12-03).
        var baseline = Clustered(1500, fast: 0.34, overTop: 0.005);
        var canary = Clustered(1500, fast: 0.333, overTop: 0.005);

        var verdict = _judge.Evaluate(Input(canary, baseline, seconds: 20, bake: Bake));

        var p99 = verdict.Checks.Single(e => e.Check == "p99 latency");
        Assert.Equal(0.050797, p99.Threshold!.Value, 5);
        Assert.Equal(CheckCase.WithinLimits, p99.Case);
        Assert.Equal(Decision.Promote, verdict.Decision);
        Assert.False(p99.BeyondMinimumEffect);
    }

    [Fact]
    public void A_clustered_latency_half_again_slower_still_rolls_back()
    {
        var baseline = Clustered(600, fast: 0.34, overTop: 0.005);
        var canary = Clustered(600, fast: 0.34, overTop: 0.66); // the 40–50 ms cluster moved past 50.8 ms

        var verdict = _judge.Evaluate(Input(canary, baseline, seconds: 20, bake: Bake));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.Equal("p99 latency", verdict.Deciding!.Check);
    }

    private static JudgeInput Input(GroupSnapshot canary, GroupSnapshot baseline, double seconds, TimeSpan? bake) => new()
    {
        Checks = Snapshots.FrontDoorChecks,
        Canary = canary,
        Baseline = baseline,
        Elapsed = TimeSpan.FromSeconds(seconds),
        Bake = bake,
    };

    /// <summary>A group as the front door records it: log-normal latency counted on its fine bounds (three per doubling).</summary>
    private static GroupSnapshot Group(double requests, double errors, double median, double sigma)
    {
        var bounds = Enumerable.Range(0, 49).Select(i => Math.Round(0.0005 * Math.Pow(2, i / 3.0), 6));
        var buckets = bounds.Select(b => new HistogramBucket(b, Math.Round(requests * NormalCdf((Math.Log(b) - Math.Log(median)) / sigma)))).ToList();
        buckets.Add(new HistogramBucket(double.PositiveInfinity, requests));
        return new GroupSnapshot
        {
            Instances = 1,
            Requests = new Dictionary<string, RequestCounts> { [Check.FrontDoorRequestsMetric] = new(requests, errors) },
            Histograms = new Dictionary<string, HistogramSnapshot> { [Check.FrontDoorLatencyMetric] = new(buckets, requests * median, requests) },
            Counters = new Dictionary<string, double> { [Check.FrontDoorRequestsMetric] = requests },
        };
    }

    /// <summary>
    /// Front-door buckets with <paramref name="fast"/> of the requests under 1.26 ms, <paramref name="overTop"/> of them
    /// between 50.8 ms and 64 ms, and the rest between 40.3 ms and 50.8 ms.
    /// </summary>
    private static GroupSnapshot Clustered(double requests, double fast, double overTop)
    {
        var bounds = Enumerable.Range(0, 49).Select(i => Math.Round(0.0005 * Math.Pow(2, i / 3.0), 6));
        double Cumulative(double b) => b < 0.00126 ? 0 : b < 0.0507 ? fast : b < 0.0639 ? 1 - overTop : 1;
        var buckets = bounds.Select(b => new HistogramBucket(b, Math.Round(requests * Cumulative(b)))).ToList();
        buckets.Add(new HistogramBucket(double.PositiveInfinity, requests));
        return new GroupSnapshot
        {
            Instances = 1,
            Requests = new Dictionary<string, RequestCounts> { [Check.FrontDoorRequestsMetric] = new(requests, 0) },
            Histograms = new Dictionary<string, HistogramSnapshot> { [Check.FrontDoorLatencyMetric] = new(buckets, requests * 0.03, requests) },
            Counters = new Dictionary<string, double> { [Check.FrontDoorRequestsMetric] = requests },
        };
    }

    private static double NormalCdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    // Abramowitz and Stegun 7.1.26, |error| < 1.5e-7: plenty for bucket counts.
    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * x);
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496735) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
