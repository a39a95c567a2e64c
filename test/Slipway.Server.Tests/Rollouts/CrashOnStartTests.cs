using Microsoft.Extensions.Logging;
using Slipway.Server.Rollouts;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Rollouts;

[Collection(Deployments.Name)]
public sealed class CrashOnStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sh -c 'exit 3'", 2, "crashed on start")]
    [InlineData("sleep 600", 2, "never started listening")]
    public async Task An_instance_that_never_listens_or_crashes_too_few_times_fails_its_self_test_once_the_timeout_passes(string run, int timeoutSeconds, string reason)
    {
        await using var bed = await TestBed.CreateAsync("crash-on-start", Ct);
        var config = new HelloConfig
        {
            Owner = bed.Owner,
            Build = "mkdir -p out && echo app > out/app.txt",
            Run = run,
            Instances = 2,
            SelfTestTimeout = $"{timeoutSeconds}s",
        };
        var commit = await bed.CommitAsync(config, "crashes", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", commit, Ct);

        Assert.Equal("rolled_back", rollout.Outcome);
        Assert.Equal("selftest", rollout.Reason);
        Assert.Contains($"timeout after {timeoutSeconds} s", rollout.Summary, StringComparison.Ordinal);
        Assert.Contains(reason, rollout.Summary, StringComparison.Ordinal);
        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Empty(status.Fleet);
        Assert.Null(status.Service.ProductionVersion);
    }

    [Fact]
    public async Task An_instance_that_crashes_on_start_fails_after_its_restarts_not_the_timeout_with_its_exception_in_the_evidence()
    {
        await using var bed = await TestBed.CreateAsync("crash-fast", Ct);
        var log = new CollectingLoggerProvider();
        var config = new HelloConfig
        {
            Owner = bed.Owner,
            Build = "mkdir -p out && printf '%s\\n' 'echo starting up' 'echo \"Unhandled exception. System.InvalidOperationException: No connection string named Default\" >&2' 'echo \"   at Program.Main(String[] args) in Program.cs:line 12\" >&2' 'exit 134' > out/app.sh",
            Run = "sh app.sh",
            Instances = 1,
            SelfTestTimeout = "120s",
        };
        var commit = await bed.CommitAsync(config, "crashes with an exception", Ct);
        await bed.StartServerAsync(Ct, o => o with { LogSink = log });

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", commit, Ct);

        // Failed on the crash count, not on the timeout: the self-test says so, with the exception and the exit code.
        Assert.Equal("rolled_back", rollout.Outcome);
        Assert.Equal("selftest", rollout.Reason);
        Assert.DoesNotContain("timeout after", rollout.Summary, StringComparison.Ordinal);
        Assert.Contains($"crashed on start {SelfTester.CrashLimit} times (exited with code 134)", rollout.Summary, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: No connection string named Default", rollout.Summary, StringComparison.Ordinal);
        Assert.Contains("No connection string named Default", rollout.Output, StringComparison.Ordinal);
        Assert.Contains("starting up", rollout.Output, StringComparison.Ordinal);

        // The journaled evidence carries the output too.
        var detail = await bed.Api.RolloutAsync(rollout.RolloutId, Ct);
        var failed = Assert.Single(detail.Timeline, t => t.Type == "SelfTestFailed");
        Assert.Contains("| System.InvalidOperationException", failed.Text.Replace("Unhandled exception. ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"output\":", failed.Event.ToString(), StringComparison.Ordinal);

        // At the default log level the server says what it did, one line per stage.
        var lines = log.Lines.Where(l => l.Level >= LogLevel.Information).Select(l => l.Message).ToList();
        Assert.Contains(lines, l => l.Contains(": checkout ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(": config ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(": build ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(": package ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("wave 1/1 starts 1 instance(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("rolled back (selftest)", StringComparison.Ordinal));
    }
}
