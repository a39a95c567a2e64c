using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

/// <summary>
/// Every number a verdict shows says which case it is in: within limits, over the limit but not significant (yet),
/// over the limit and significant (deciding, or non-critical), or not comparable. Issue 16's contradictions are regressions here.
/// </summary>
public sealed class VerdictExplanationTests
{
    private readonly SequentialJudge _judge = new();

    [Fact]
    public void A_promoted_wave_whose_p99_is_over_its_limit_says_why_that_check_did_not_decide()
    {
        // Most requests finish under the first bucket bound, 5 ms. The new version has 6.25% of them in the next bucket,
        // which moves the interpolated p99 from 4.99 ms to 9.2 ms (+84%), yet the share slower than 5 ms moved by far
        // less than a 20% slowdown of the old version would: the test the judge runs is within its margin.
        var old = Group(3000, fastShare: 0.992);
        var canary = Group(3000, fastShare: 0.9375);

        var verdict = _judge.Evaluate(new JudgeInput { Checks = LatencyOnly, Canary = canary, Baseline = old, Elapsed = TimeSpan.FromSeconds(30) });

        Assert.Equal(Decision.Promote, verdict.Decision);
        var p99 = verdict.Checks.Single();
        Assert.Equal(CheckCase.OverLimitNotSignificant, p99.Case);
        Assert.False(p99.Deciding);
        Assert.Contains("p99 latency 9.2 ms vs 4.99 ms (+84% > 20%)", p99.Summary, StringComparison.Ordinal);
        Assert.Contains("over the limit but not significant against its margin: the tested difference +5.5 pp in [+3.4 pp, +7.5 pp] lies within the margin 16.53 pp", p99.Summary, StringComparison.Ordinal);
        Assert.Contains("margin", p99.Summary, StringComparison.Ordinal);
        Assert.Contains("over the limit but not significant", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_watch_window_that_passes_with_throughput_down_87_percent_says_the_check_is_non_critical()
    {
        var previous = Snapshots.Group(60000, 60) with { Window = TimeSpan.FromMinutes(20), Instances = 1 };
        var current = Snapshots.Group(3000, 3, served: 390) with { Instances = 1 };

        var verdict = _judge.EvaluateWatch(new WatchInput { Checks = Snapshots.FrontDoorChecks, Current = current, Previous = previous, Elapsed = TimeSpan.FromSeconds(60) });

        Assert.Equal(Decision.Promote, verdict.Decision);
        Assert.StartsWith("watch passed: ", verdict.Summary, StringComparison.Ordinal);
        var throughput = verdict.Checks.Single(e => e.Check == "throughput");
        Assert.Equal(CheckCase.OverLimitSignificant, throughput.Case);
        Assert.Contains("(-87% < -20%), over the limit and significant, p<0.001, non-critical", throughput.Summary, StringComparison.Ordinal);
        Assert.Contains("non-critical", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_check_within_its_limit_says_so()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(3000, 3), Snapshots.Group(3000, 3), 60));

        Assert.All(verdict.Checks, e => Assert.Equal(CheckCase.WithinLimits, e.Case));
        Assert.Contains("error ratio 0.1% vs 0.1% (+0.0 pp, limit 1 pp), within limits, p=", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_check_over_its_limit_but_not_yet_significant_shows_its_p_value_and_interval()
    {
        // 1.4% vs 0.1%: beyond the 1 pp minimum on the estimate, not yet significant.
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(1000, 14), Snapshots.Group(1000, 1), 30));

        Assert.Equal(Decision.Continue, verdict.Decision);
        var errors = verdict.Checks.Single(e => e.Check == "error ratio");
        Assert.Equal(CheckCase.OverLimitNotSignificant, errors.Case);
        Assert.Matches(@"^error ratio 1\.4% vs 0\.1% \(\+1\.3 pp > 1 pp\), over the limit but not significant yet: p=0\.\d+, tested difference \+1\.3 pp in \[-\d+\.\d pp, \+\d+\.\d pp\], margin 1 pp$", errors.Summary);
    }

    [Fact]
    public void The_deciding_check_is_marked_in_the_evidence()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(312, 15), Snapshots.Group(1104, 1), 6.2));

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.True(verdict.Deciding!.Deciding);
        Assert.Single(verdict.Checks, e => e.Deciding);
        Assert.Equal(CheckCase.OverLimitSignificant, verdict.Deciding.Case);
    }

    [Fact]
    public void The_old_version_lacking_instrumentation_is_not_comparable_and_the_front_door_checks_promote_a_good_release()
    {
        // The first release with /metrics: the new version exposes http_requests_total and the histogram, the old one did not.
        var instrumented = Snapshots.Group(3000, 3) with
        {
            Requests = new Dictionary<string, RequestCounts>
            {
                [Check.FrontDoorRequestsMetric] = new(3000, 3),
                [Check.RequestsMetric] = new(3000, 3),
            },
            Histograms = new Dictionary<string, HistogramSnapshot>
            {
                [Check.FrontDoorLatencyMetric] = Snapshots.Histogram(3000, Snapshots.Healthy),
                [Check.LatencyMetric] = Snapshots.Histogram(3000, Snapshots.Healthy),
            },
        };

        var verdict = _judge.Evaluate(new JudgeInput { Checks = Check.Defaults, Canary = instrumented, Baseline = Snapshots.Group(3000, 3), Elapsed = TimeSpan.FromSeconds(60) });

        Assert.Equal(Decision.Promote, verdict.Decision);
        var service = verdict.Checks.Where(e => e.Check.StartsWith("service ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, service.Count);
        Assert.All(service, e => Assert.Equal(CheckCase.NotComparable, e.Case));
        Assert.Contains("service error ratio: not comparable (baseline series missing: the old version does not expose http_requests_total)", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_without_metrics_of_its_own_is_judged_on_the_front_door_alone()
    {
        var verdict = _judge.Evaluate(new JudgeInput { Checks = Check.Defaults, Canary = Snapshots.Group(312, 15), Baseline = Snapshots.Group(1104, 1), Elapsed = TimeSpan.FromSeconds(6.2) });

        Assert.Equal(Decision.Rollback, verdict.Decision);
        Assert.Equal(Check.FrontDoorRequestsMetric, verdict.Deciding!.Metric);
        Assert.Contains(verdict.Checks, e => e.Check == "service error ratio" && e.Summary.Contains("neither version exposes http_requests_total", StringComparison.Ordinal));
    }

    [Fact]
    public void When_no_check_is_comparable_the_verdict_is_not_enough_data_never_a_pass()
    {
        Check[] checks = [new() { Name = "orders", Metric = "orders_total", Kind = CheckKind.CounterRate, MinimumEffect = 0.2 }];
        var canary = new GroupSnapshot { Counters = new Dictionary<string, double> { ["orders_total"] = 500 } };

        var verdict = _judge.Evaluate(new JudgeInput { Checks = checks, Canary = canary, Baseline = GroupSnapshot.Empty, Elapsed = TimeSpan.FromSeconds(60) });

        Assert.Equal(Decision.NotEnoughData, verdict.Decision);
        Assert.StartsWith("no check is comparable", verdict.Rule, StringComparison.Ordinal);
    }

    private static readonly Check[] LatencyOnly = [Check.Defaults[1]];

    private static GroupSnapshot Group(double count, double fastShare) => new()
    {
        Histograms = new Dictionary<string, HistogramSnapshot>
        {
            [Check.FrontDoorLatencyMetric] = new(
                [new(0.005, Math.Round(count * fastShare)), new(0.01, count), new(0.05, count), new(double.PositiveInfinity, count)],
                count * 0.003,
                count),
        },
    };
}
