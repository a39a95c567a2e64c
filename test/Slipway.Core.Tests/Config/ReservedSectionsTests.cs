using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Config;

public sealed class ReservedSectionsTests
{
    [Fact]
    public void Check_gets_default_direction_and_is_critical_unless_it_says_otherwise()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nchecks:\n  - { name: rate, metric: greetings_served_total, kind: counter_rate, bad: either }");

        var check = Assert.Single(config.Checks);
        Assert.Equal(CheckKind.CounterRate, check.Kind);
        Assert.Equal(BadDirection.Either, check.Bad);
        Assert.True(check.Critical);
        Assert.Equal(0.2, check.MinimumEffect, 9);
        Assert.Equal(Check.DefaultQuantile, check.Quantile);
    }

    [Theory]
    [InlineData("{ metric: m, kind: error_ratio }", "checks[0].name", "required key is missing")]
    [InlineData("{ name: a, kind: error_ratio }", "checks[0].metric", "required key is missing")]
    [InlineData("{ name: a, metric: m }", "checks[0].kind", "required key is missing")]
    [InlineData("{ name: a, metric: 'http requests', kind: error_ratio }", "checks[0].metric", "expected a Prometheus metric name such as http_requests_total, got \"http requests\"")]
    [InlineData("{ name: a, metric: m, kind: error_rate }", "checks[0].kind", "expected one of error_ratio, latency_quantile, counter_rate; got \"error_rate\", did you mean \"error_ratio\"?")]
    [InlineData("{ name: a, metric: m, kind: latency_quantile }", "checks[0].quantile", "required when kind is latency_quantile (for example 0.99)")]
    [InlineData("{ name: a, metric: m, kind: latency_quantile, quantile: 99 }", "checks[0].quantile", "must be between 0 and 1 exclusive, got 99")]
    [InlineData("{ name: a, metric: m, kind: error_ratio, quantile: 0.5 }", "checks[0].quantile", "only applies when kind is latency_quantile")]
    [InlineData("{ name: a, metric: m, kind: error_ratio, bad: up }", "checks[0].bad", "expected one of increase, decrease, either; got \"up\"")]
    [InlineData("{ name: a, metric: m, kind: error_ratio, min_effect: 1 }", "checks[0].min_effect", "expected an effect such as 1pp (percentage points) or 20% (relative), got \"1\"")]
    [InlineData("{ name: a, metric: m, kind: error_ratio, critical: yes }", "checks[0].critical", "expected true or false, got \"yes\"")]
    [InlineData("{ name: a, metric: m, kind: error_ratio, treshold: 1 }", "checks[0].treshold", "unknown key \"treshold\"; expected one of: name, metric, kind, quantile, bad, min_effect, critical")]
    public void Invalid_check_is_reported_with_its_index(string check, string field, string message)
    {
        var error = ConfigAssert.SingleError("checks:\n  - " + check);

        Assert.Equal(5, error.Line);
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public void Check_names_must_be_unique()
    {
        var error = ConfigAssert.SingleError("""
            checks:
              - { name: errors, metric: a, kind: error_ratio }
              - { name: errors, metric: b, kind: error_ratio }
            """);

        Assert.Equal(("checks[1].name", 6, 13), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void Checks_must_be_a_list()
    {
        var error = ConfigAssert.SingleError("checks: { name: a }");

        Assert.Equal(("checks", "expected a list of checks, got a mapping"), (error.Field, error.Message));
    }

    [Theory]
    [InlineData("judge: { min_requests: -1 }", "judge.min_requests", "must be between 1 and 2147483647, got -1")]
    [InlineData("judge: { not_enough_data: wait }", "judge.not_enough_data", "expected one of promote, rollback, fail; got \"wait\"")]
    [InlineData("judge: { shadow: maybe }", "judge.shadow", "expected true or false, got \"maybe\"")]
    [InlineData("judge: { watch_window: forever }", "judge.watch_window", "expected a duration such as 30s or 500ms, got \"forever\"")]
    [InlineData("judge: { max_bake: 1m }", "judge.max_bake", "unknown key \"max_bake\"; expected one of: min_requests, max_bake_extension, not_enough_data, shadow, watch_window")]
    [InlineData("tests: { shards: 65 }", "tests.shards", "must be between 1 and 64, got 65")]
    [InlineData("tests: { seed: -5 }", "tests.seed", "must be at least 0, got -5")]
    [InlineData("tests: { reruns: 11 }", "tests.reruns", "must be between 0 and 10, got 11")]
    [InlineData("tests: { flaky: ignore }", "tests.flaky", "expected one of fail, quarantine; got \"ignore\"")]
    [InlineData("tests: { zero_test: warn }", "tests.zero_test", "unknown key \"zero_test\"; did you mean \"zero_tests\"?")]
    [InlineData("tests: { timeout: 0s }", "tests.timeout", "must be at least 1s, got 0s")]
    [InlineData("tests: { run_all_on_failure: sometimes }", "tests.run_all_on_failure", "expected true or false, got \"sometimes\"")]
    [InlineData("tests: { run_all_on_failures: true }", "tests.run_all_on_failures", "unknown key \"run_all_on_failures\"; did you mean \"run_all_on_failure\"?")]
    public void Invalid_judge_or_tests_setting_is_reported(string line, string field, string message)
    {
        var error = ConfigAssert.SingleError(line);

        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public void Min_effect_accepts_decimals_in_the_unit_of_its_kind()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + """

            checks:
              - { name: a, metric: m, kind: error_ratio, min_effect: 0.5pp }
              - { name: b, metric: m, kind: counter_rate, min_effect: "20%" }
            """);

        Assert.Equal(0.005, config.Checks[0].MinimumEffect, 10);
        Assert.Equal(0.2, config.Checks[1].MinimumEffect, 10);
    }
}
