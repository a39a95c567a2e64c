using Slipway.Core.Config;
using Slipway.Core.Judge;
using Slipway.Core.Tests.Judge;

namespace Slipway.Core.Tests.Config;

/// <summary>The <c>checks:</c> and <c>judge:</c> sections become the judge's own checks and options, validated once, here.</summary>
public sealed class CheckModelTests
{
    [Fact]
    public void No_declared_checks_gives_the_web_service_defaults()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal);

        Assert.Same(Check.Defaults, config.Checks);
        Assert.Same(JudgeOptions.Default, config.Judge);
    }

    [Fact]
    public void An_empty_checks_list_gives_the_web_service_defaults()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nchecks: []");

        Assert.Same(Check.Defaults, config.Checks);
    }

    [Fact]
    public void Declared_checks_become_the_checks_the_judge_evaluates()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + """

            checks:
              - { name: errors, metric: http_requests_total, kind: error_ratio, bad: increase, min_effect: 0.5pp, critical: true }
              - { name: p95, metric: http_request_duration_seconds, kind: latency_quantile, quantile: 0.95, min_effect: 30% }
              - { name: greetings, metric: greetings_served_total, kind: counter_rate, critical: false }
            """);

        var checks = config.Checks;
        Assert.Equal(
            new Check { Name = "errors", Metric = "http_requests_total", Kind = CheckKind.ErrorRatio, Bad = BadDirection.Increase, MinimumEffect = 0.005, Critical = true },
            checks[0] with { MinimumEffect = Math.Round(checks[0].MinimumEffect, 9) });
        Assert.Equal(CheckKind.LatencyQuantile, checks[1].Kind);
        Assert.Equal(0.95, checks[1].Quantile);
        Assert.Equal(0.3, checks[1].MinimumEffect, 9);
        Assert.Equal(0.2, checks[2].MinimumEffect, 9);
        Assert.False(checks[2].Critical);
    }

    [Fact]
    public void A_counter_rate_check_that_does_not_say_treats_an_increase_as_bad()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nchecks:\n  - { name: restarts, metric: restarts_total, kind: counter_rate }");

        var check = Assert.Single(config.Checks);
        Assert.Equal(BadDirection.Increase, check.Bad);
        Assert.Equal(0.2, check.MinimumEffect, 9);
    }

    [Fact]
    public void Every_kind_defaults_to_increase_as_the_bad_direction()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + """

            checks:
              - { name: a, metric: m, kind: error_ratio }
              - { name: b, metric: m, kind: latency_quantile, quantile: 0.5 }
              - { name: c, metric: m, kind: counter_rate }
            """);

        Assert.All(config.Checks, c => Assert.Equal(BadDirection.Increase, c.Bad));
    }

    [Fact]
    public void Min_requests_of_zero_is_rejected_at_the_config_step_with_file_line_and_field()
    {
        var error = ConfigAssert.SingleError("judge:\n  min_requests: 0");

        Assert.Equal(("slipway.yml", 5, 17, "judge.min_requests"), (error.File, error.Line, error.Column, error.Field));
        Assert.Equal("must be between 1 and 2147483647, got 0", error.Message);
    }

    [Fact]
    public void A_relative_min_effect_on_an_error_ratio_is_rejected_at_the_config_step_with_file_line_and_field()
    {
        var error = ConfigAssert.SingleError("""
            checks:
              - name: errors
                metric: http_requests_total
                kind: error_ratio
                min_effect: 1%
            """);

        Assert.Equal(("slipway.yml", 8, 17, "checks[0].min_effect"), (error.File, error.Line, error.Column, error.Field));
        Assert.Equal("an error_ratio takes an absolute change in percentage points such as 1pp, got \"1%\"", error.Message);
        Assert.Equal("slipway.yml:8:17: checks[0].min_effect: an error_ratio takes an absolute change in percentage points such as 1pp, got \"1%\"", error.ToString());
    }

    [Theory]
    [InlineData("{ name: a, metric: m, kind: error_ratio, min_effect: 100pp }", "must be less than 100pp, got \"100pp\"")]
    [InlineData("{ name: a, metric: m, kind: latency_quantile, quantile: 0.9, min_effect: 1pp }", "a latency_quantile takes a relative change such as 20%, got \"1pp\"")]
    [InlineData("{ name: a, metric: m, kind: counter_rate, min_effect: 1pp }", "a counter_rate takes a relative change such as 20%, got \"1pp\"")]
    [InlineData("{ name: a, metric: m, kind: counter_rate, bad: decrease, min_effect: 100% }", "must be less than 100% when a decrease is bad (a rate cannot fall by more than all of it), got \"100%\"")]
    [InlineData("{ name: a, metric: m, kind: counter_rate, bad: either, min_effect: 150% }", "must be less than 100% when a decrease is bad (a rate cannot fall by more than all of it), got \"150%\"")]
    [InlineData("{ name: a, metric: m, kind: error_ratio, min_effect: 0pp }", "expected an effect such as 1pp (percentage points) or 20% (relative), got \"0pp\"")]
    public void A_min_effect_the_judge_cannot_use_is_rejected_at_the_config_step(string check, string message)
    {
        var error = ConfigAssert.SingleError("checks:\n  - " + check);

        Assert.Equal((5, "checks[0].min_effect", message), (error.Line, error.Field, error.Message));
    }

    [Fact]
    public void Errors_in_several_checks_name_each_field_as_written_in_slipway_yml()
    {
        var errors = ConfigAssert.Invalid(ConfigAssert.Minimal + """

            checks:
              - { name: errors, metric: http_requests_total, kind: error_ratio, min_effect: 1% }
              - { name: slow, metric: bad metric, kind: latency, bad: up }
              - { name: rate, metric: x, kind: counter_rate, quantile: 0.9, bad: decrease, min_effect: 100% }
            """);

        Assert.Equal(
            ["checks[0].min_effect", "checks[1].metric", "checks[1].kind", "checks[1].bad", "checks[2].quantile", "checks[2].min_effect"],
            errors.Select(e => e.Field));
        Assert.Equal([5, 6, 6, 6, 7, 7], errors.Select(e => e.Line));
    }

    [Fact]
    public void Judge_section_becomes_the_options_the_judge_uses()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + """

            judge:
              min_requests: 200
              max_bake_extension: 2m30s
              not_enough_data: fail
              shadow: true
              watch_window: 90s
            """);

        Assert.Equal(
            JudgeOptions.Default with
            {
                MinRequests = 200,
                MaxBakeExtension = TimeSpan.FromSeconds(150),
                NotEnoughData = NotEnoughDataPolicy.Fail,
                Shadow = true,
                WatchWindow = TimeSpan.FromSeconds(90),
            },
            config.Judge);
    }

    [Fact]
    public void Judge_section_keeps_the_judge_default_for_each_value_it_leaves_out()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\njudge: { shadow: true }");

        Assert.Equal(JudgeOptions.Default with { Shadow = true }, config.Judge);
    }

    [Fact]
    public void Judge_section_errors_name_each_field()
    {
        var errors = ConfigAssert.Invalid(ConfigAssert.Minimal + "\njudge: { min_requests: 0, max_bake_extension: soon, not_enough_data: pass }");

        Assert.Equal(["judge.min_requests", "judge.max_bake_extension", "judge.not_enough_data"], errors.Select(e => e.Field));
    }

    /// <summary>Valid files at the edges of what the config step accepts: each one must reach a verdict, never an exception.</summary>
    public static TheoryData<string> AcceptedConfigs =>
    [
        "",
        "checks: []",
        "judge: { min_requests: 1, max_bake_extension: 0s, watch_window: 0s, not_enough_data: promote }",
        "judge: { min_requests: 2147483647, not_enough_data: fail, shadow: true }",
        """
        checks:
          - { name: a, metric: m_a, kind: error_ratio }
          - { name: b, metric: m_b, kind: error_ratio, min_effect: 0.000001pp, bad: decrease }
          - { name: c, metric: m_c, kind: error_ratio, min_effect: 99.999999pp, bad: either, critical: false }
        """,
        """
        checks:
          - { name: a, metric: m_a, kind: latency_quantile, quantile: 0.000001 }
          - { name: b, metric: m_b, kind: latency_quantile, quantile: 0.999999, min_effect: 999999%, bad: increase }
          - { name: c, metric: m_c, kind: latency_quantile, quantile: 0.5, min_effect: 99.9%, bad: decrease }
          - { name: d, metric: m_d, kind: latency_quantile, quantile: 0.5, min_effect: 0.1%, bad: either }
        """,
        """
        checks:
          - { name: a, metric: m_a, kind: counter_rate }
          - { name: b, metric: m_b, kind: counter_rate, min_effect: 500%, bad: increase }
          - { name: c, metric: m_c, kind: counter_rate, min_effect: 99.99%, bad: decrease }
          - { name: d, metric: m_d, kind: counter_rate, min_effect: "1 %", bad: either, critical: false }
        judge: { min_requests: 1 }
        """,
    ];

    [Theory]
    [MemberData(nameof(AcceptedConfigs))]
    public void Every_config_the_config_step_accepts_can_be_evaluated_by_the_judge_in_the_bake_and_the_watch(string extra)
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\n" + extra);
        var judge = new SequentialJudge(config.Judge);

        foreach (var (canary, old) in new[] { (Group(config, 0, 0), Group(config, 0, 0)), (Group(config, 5000, 50), Group(config, 5000, 5)), (Group(config, 300, 0), Group(config, 300, 0)) })
        {
            foreach (var elapsed in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(5), config.Bake + config.Judge.MaxBakeExtension })
            {
                var verdict = judge.Evaluate(new JudgeInput { Checks = config.Checks, Canary = canary, Baseline = old, Fleet = old, Elapsed = elapsed });
                var gate = BakeGate.Decide(verdict, config.Bake, config.Judge);
                var watch = judge.EvaluateWatch(new WatchInput { Checks = config.Checks, Current = canary, Previous = old with { Window = TimeSpan.FromSeconds(30) }, Elapsed = elapsed });

                Assert.Equal(config.Checks.Select(c => c.Name), verdict.Checks.Select(e => e.Check));
                Assert.Equal(config.Checks.Count, watch.Checks.Count);
                Assert.True(Enum.IsDefined(gate.Action));
                Assert.NotEmpty(verdict.Summary);
            }
        }
    }

    /// <summary>A group with a series for every check's metric: requests, errors, a latency histogram and a counter.</summary>
    private static GroupSnapshot Group(ServiceConfig config, double requests, double errors) => new()
    {
        Requests = config.Checks.Select(c => c.Metric).Distinct().ToDictionary(m => m, _ => new RequestCounts(requests, errors)),
        Histograms = config.Checks.Select(c => c.Metric).Distinct().ToDictionary(m => m, _ => Snapshots.Histogram(requests, errors > requests / 100 ? Snapshots.Slow : Snapshots.Healthy)),
        Counters = config.Checks.Select(c => c.Metric).Distinct().ToDictionary(m => m, _ => requests),
    };
}
