using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

public sealed class CheckFactoryTests
{
    [Fact]
    public void No_declared_checks_gives_the_web_service_defaults()
    {
        var result = CheckFactory.CreateAll(null);

        Assert.True(result.IsValid);
        Assert.Same(Check.Defaults, result.Value);
    }

    [Fact]
    public void Declared_checks_become_validated_checks()
    {
        CheckDefinition[] definitions =
        [
            new() { Name = "errors", Metric = "http_requests_total", Kind = "error_ratio", Bad = "increase", MinEffect = "0.5pp", Critical = true },
            new() { Name = "p95", Metric = "http_request_duration_seconds", Kind = "latency_quantile", Quantile = 0.95, MinEffect = "30%" },
            new() { Name = "greetings", Metric = "greetings_served_total", Kind = "counter_rate", Critical = false },
        ];

        var result = CheckFactory.CreateAll(definitions);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var checks = result.Value!;
        Assert.Equal(0.005, checks[0].MinimumEffect, 9);
        Assert.Equal(CheckKind.LatencyQuantile, checks[1].Kind);
        Assert.Equal(0.95, checks[1].Quantile);
        Assert.Equal(0.3, checks[1].MinimumEffect, 9);
        Assert.Equal(BadDirection.Decrease, checks[2].Bad);
        Assert.Equal(0.2, checks[2].MinimumEffect, 9);
        Assert.False(checks[2].Critical);
    }

    [Fact]
    public void Errors_name_the_field_as_written_in_slipway_yml()
    {
        CheckDefinition[] definitions =
        [
            new() { Name = "errors", Metric = "http_requests_total", Kind = "error_ratio", MinEffect = "1%" },
            new() { Name = "slow", Metric = "bad metric", Kind = "latency", Bad = "up" },
            new() { Name = "errors", Metric = "x", Kind = "counter_rate", Quantile = 0.9, MinEffect = "100%" },
        ];

        var result = CheckFactory.CreateAll(definitions);

        Assert.False(result.IsValid);
        var fields = result.Errors.Select(e => e.Field).ToList();
        Assert.Equal(["checks[0].min_effect", "checks[1].metric", "checks[1].kind", "checks[1].bad", "checks[2].quantile", "checks[2].min_effect"], fields);
        Assert.Contains("\"1pp\"", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_check_names_are_rejected()
    {
        CheckDefinition[] definitions =
        [
            new() { Name = "errors", Metric = "a", Kind = "error_ratio" },
            new() { Name = "errors", Metric = "b", Kind = "error_ratio" },
        ];

        var error = Assert.Single(CheckFactory.CreateAll(definitions).Errors);

        Assert.Equal("checks[1].name", error.Field);
    }

    [Fact]
    public void Judge_block_is_parsed_with_durations_and_policy()
    {
        var result = CheckFactory.CreateOptions(new JudgeOptionsDefinition
        {
            MinRequests = 200,
            MaxBakeExtension = "2m30s",
            NotEnoughData = "fail",
            Shadow = true,
            WatchWindow = "90s",
        });

        Assert.True(result.IsValid);
        var options = result.Value!;
        Assert.Equal(200, options.MinRequests);
        Assert.Equal(TimeSpan.FromSeconds(150), options.MaxBakeExtension);
        Assert.Equal(NotEnoughDataPolicy.Fail, options.NotEnoughData);
        Assert.True(options.Shadow);
        Assert.Equal(TimeSpan.FromSeconds(90), options.WatchWindow);
    }

    [Fact]
    public void Judge_block_errors_name_the_field()
    {
        var result = CheckFactory.CreateOptions(new JudgeOptionsDefinition { MinRequests = 0, MaxBakeExtension = "soon", NotEnoughData = "pass" });

        Assert.Equal(["judge.min_requests", "judge.max_bake_extension", "judge.not_enough_data"], result.Errors.Select(e => e.Field));
    }
}
