namespace Slipway.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task No_arguments_print_the_usage_and_exit_2()
    {
        var run = await CliRun.RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage: slipway <verb>", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_prints_the_usage_with_every_verb_and_exits_0(string flag)
    {
        var run = await CliRun.RunAsync(flag);

        Assert.Equal(0, run.ExitCode);
        foreach (var verb in new[] { "demo", "server", "agent", "services add", "status", "deploy", "rollback", "pause", "resume", "push" })
        {
            Assert.Contains(verb, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_verb_is_named_on_stderr_with_the_usage_and_exits_2()
    {
        var run = await CliRun.RunAsync("deplyo", "hello", "main");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown verb 'deplyo'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("usage: slipway", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("status", "--bogus")]
    [InlineData("deploy", "hello", "main", "--force")]
    [InlineData("server", "--port", "1")]
    [InlineData("demo", "--fast")]
    public async Task An_unknown_option_is_named_on_stderr_and_exits_2(string verb, params string[] rest)
    {
        var run = await CliRun.RunAsync([verb, .. rest]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"slipway {verb}: unknown option --", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing service", "deploy")]
    [InlineData("missing commit", "deploy", "hello")]
    [InlineData("missing service", "rollback")]
    [InlineData("missing service", "pause")]
    [InlineData("--server needs a value", "status", "--server")]
    public async Task A_missing_argument_is_a_usage_error(string message, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_option_that_is_not_a_number_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("services", "add", "hello", "/tmp/repo", "--port", "eighty", "--server", "http://127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--port must be a whole number, not 'eighty'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_verb_without_a_server_says_it_cannot_reach_it_and_exits_1()
    {
        var run = await CliRun.RunAsync("status", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot reach the Slipway server at http://127.0.0.1:1/", run.Stderr, StringComparison.Ordinal);
    }
}
