using Slipway.TestKit;

namespace Slipway.Cli.Tests.Commands;

/// <summary>`slipway status --watch` with its output redirected, and `status` after a failed test step, against real servers.</summary>
public sealed class StatusWatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_redirected_prints_plain_lines_as_the_rollout_goes_and_exits_when_it_ends()
    {
        await using var bed = await TestBed.CreateAsync("watch", Ct);
        var config = new HelloConfig
        {
            Owner = bed.Owner,
            Build = "mkdir -p out && printf '%s\\n' 'echo \"System.InvalidOperationException: boom at start\" >&2' 'exit 134' > out/app.sh",
            Run = "sh app.sh",
            Instances = 1,
            SelfTestTimeout = "10m",
        };
        var commit = await bed.CommitAsync(config, "crashes on start", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitAsync("hello", s => s.Runs.Count > 0, "the first run to be queued", Ct);

        var watch = await CliRun.RunAsync("status", "hello", "--watch", "--server", bed.Api.Server.ToString(), "--token", bed.AdminToken!);

        Assert.True(watch.ExitCode == 0, watch.ToString());
        var lines = watch.Stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.Contains('\u001b', StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"hello: run hello-1 {commit[..7]}", StringComparison.Ordinal) && l.Contains("succeeded", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("hello: rollout hello-r1", StringComparison.Ordinal) && l.Contains("rolled_back (selftest)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("| System.InvalidOperationException: boom at start", StringComparison.Ordinal));
        Assert.Equal("nothing running", lines[^1]);

        // A line is printed when it changes, not at every poll.
        Assert.Single(lines, l => l.StartsWith("hello: run hello-1", StringComparison.Ordinal) && l.EndsWith("succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_after_a_failed_test_step_lists_the_failing_tests_by_name_with_their_messages()
    {
        await using var bed = await TestBed.CreateAsync("failed-tests", Ct);
        var config = new HelloConfig
        {
            Owner = bed.Owner,
            Build = "mkdir -p out",
            Test = "printf '%s\\n' '  Failed Todo.Tests.UserTests.Registers_a_user [42 ms]' '  Error Message:' '   Assert.Equal() Failure: Values differ' 'Expected: 201' 'Actual:   500' '  Stack Trace:' '     at Todo.Tests.UserTests.Registers_a_user()'; exit 1",
        };
        var commit = await bed.CommitAsync(config, "a test fails", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", commit, Ct);

        var run = await CliRun.RunAsync("status", "hello", "--server", bed.Api.Server.ToString(), "--token", bed.AdminToken!);

        Assert.True(run.ExitCode == 0, run.ToString());
        var stdout = run.Stdout.ReplaceLineEndings("\n");
        Assert.Contains("failed at test: test failed with exit code 1", stdout, StringComparison.Ordinal);
        Assert.Contains("failed: Todo.Tests.UserTests.Registers_a_user", stdout, StringComparison.Ordinal);
        Assert.Contains("    FAILED Todo.Tests.UserTests.Registers_a_user\n      Assert.Equal() Failure: Values differ\n      Expected: 201\n      Actual:   500\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("      Stack Trace", stdout, StringComparison.Ordinal);
    }
}
