using Slipway.Cli.Commands;
using Slipway.Core.Testing;

namespace Slipway.Cli.Tests.Commands;

/// <summary>`slipway test`: the command line becomes the same <c>TestStageRequest</c> the old hand-written parser built.</summary>
public sealed class TestCommandTests
{
    private static readonly string Here = Path.Combine(Path.GetTempPath(), "slipway-test-verb");

    [Fact]
    public void Every_option_reaches_the_request()
    {
        var request = Request(
            "test", "--seed", "1234", "--shards", "2", "--reruns", "5", "--timeout", "30", "--flaky", "quarantine", "--zero-tests", "WARN",
            "--order", "A.B.C; A.B.D,A.B.E", "--fail-first", "X.Y.Z;X.Y.W", "--run-all", "--out", "results", "tests/A.Tests.csproj", "B.Tests.dll");

        Assert.Equal(Here, request.WorkspaceDirectory);
        Assert.Equal([Path.Combine(Here, "tests", "A.Tests.csproj"), Path.Combine(Here, "B.Tests.dll")], request.Projects);
        Assert.Equal(1234, request.Seed);
        Assert.Equal(2, request.Shards);
        Assert.Equal(5, request.Reruns);
        Assert.Equal(TimeSpan.FromSeconds(30), request.ShardTimeout);
        Assert.Equal(FlakyPolicy.Quarantine, request.Flaky);
        Assert.Equal(ZeroTestsPolicy.Warn, request.ZeroTests);
        Assert.Equal(["A.B.C", "A.B.D", "A.B.E"], request.ExplicitOrder);
        Assert.Equal(Path.Combine(Here, "results"), request.OutputDirectory);
        Assert.Equal(["X.Y.W", "X.Y.Z"], request.FailFirst.Order(StringComparer.Ordinal));
        Assert.True(request.RunAllOnFailure);
    }

    [Fact]
    public void Without_options_the_request_keeps_the_stage_defaults_and_picks_a_fresh_seed()
    {
        var request = Request("test", "A.Tests.csproj");
        var defaults = new Slipway.Server.Testing.TestStageRequest { WorkspaceDirectory = Here, Projects = [], Seed = 0 };

        Assert.InRange(request.Seed, 0, TestSeed.MaxValue);
        Assert.Equal(defaults.Shards, request.Shards);
        Assert.Equal(defaults.Reruns, request.Reruns);
        Assert.Equal(defaults.ShardTimeout, request.ShardTimeout);
        Assert.Equal(FlakyPolicy.Fail, request.Flaky);
        Assert.Equal(ZeroTestsPolicy.Fail, request.ZeroTests);
        Assert.Null(request.ExplicitOrder);
        Assert.Null(request.OutputDirectory);
        Assert.Empty(request.FailFirst);
        Assert.False(request.RunAllOnFailure);
    }

    [Fact]
    public void An_option_given_with_an_equals_sign_is_read_too()
    {
        var request = Request("test", "--seed=77", "--shards=3", "A.Tests.csproj");

        Assert.Equal(77, request.Seed);
        Assert.Equal(3, request.Shards);
    }

    [Theory]
    [InlineData("The test seed 'banana' is not a number; give a whole number between 0 and 2147483647.", "--seed", "banana")]
    [InlineData("--shards must be a whole number above 0, not '0'.", "--shards", "0")]
    [InlineData("--reruns must be a whole number above 0, not '+2'.", "--reruns", "+2")]
    [InlineData("--timeout must be a whole number above 0, not 'soon'.", "--timeout", "soon")]
    [InlineData("--flaky must be 'fail' or 'quarantine', not 'maybe'.", "--flaky", "maybe")]
    [InlineData("--flaky must be 'fail' or 'quarantine', not '1'.", "--flaky", "1")]
    [InlineData("--zero-tests must be 'fail' or 'warn', not 'ignore'.", "--zero-tests", "ignore")]
    [InlineData("--order needs a value.", "--order")]
    [InlineData("--fail-first needs a value.", "--fail-first")]
    public async Task A_bad_value_is_a_usage_error_that_says_what_is_wrong(string message, params string[] option)
    {
        var run = await CliRun.RunAsync(["test", "A.Tests.csproj", .. option]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"slipway test: {message}", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Without_a_project_the_test_verb_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("test", "--seed", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("slipway test: missing project.", run.Stderr, StringComparison.Ordinal);
    }

    private static Slipway.Server.Testing.TestStageRequest Request(params string[] args)
    {
        var parse = CliApp.Parse(args);
        Assert.Empty(CliApp.Problems(parse));
        return TestCommand.Request(parse, Here);
    }
}
