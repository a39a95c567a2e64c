using Slipway.Server.Pipelines;
using Slipway.Server.Tests.Processes;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Pipelines;

public sealed class ShellStepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_a_step_kills_its_background_and_foreground_grandchildren()
    {
        using var folder = TempFolder.Create("step-cancel");
        var log = folder.Combine("logs", "build.log");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // sh -c 'sleep 1000 & sleep 1000', with the pids written down so that the test can look for them afterwards.
        var step = ShellStep.RunAsync(
            "sleep 1000 & echo $! > background.pid; echo $$ > shell.pid; echo started; sleep 1000",
            folder.Path, log, TimeSpan.FromMinutes(5), null, line => { if (line == "started") { started.TrySetResult(); } }, TimeProvider.System, cts.Token);
        await started.Task.WaitAsync(Ct);
        var background = ProcessTree.ReadPidFile(folder.Combine("background.pid"));
        var shell = ProcessTree.ReadPidFile(folder.Combine("shell.pid"));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => step);
        await ProcessTree.AssertGoneAsync(Ct, background, shell);
    }

    [Fact]
    public async Task A_step_past_its_timeout_is_killed_with_its_children_and_reported_as_a_timeout_in_the_log()
    {
        using var folder = TempFolder.Create("step-timeout");
        var log = folder.Combine("logs", "build.log");

        var result = await ShellStep.RunAsync(
            "echo compiling; sleep 1000 & echo $! > background.pid; sleep 1000", folder.Path, log, TimeSpan.FromSeconds(2), null, null, TimeProvider.System, Ct);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Contains("compiling", result.LogTail, StringComparison.Ordinal);
        Assert.EndsWith("slipway: step killed after 2 s timeout", result.LogTail, StringComparison.Ordinal);
        Assert.Contains("slipway: step killed after 2 s timeout", await File.ReadAllTextAsync(log, Ct), StringComparison.Ordinal);
        await ProcessTree.AssertGoneAsync(Ct, ProcessTree.ReadPidFile(folder.Combine("background.pid")));
    }

    [Fact]
    public async Task A_step_streams_each_line_to_the_log_and_the_callback_and_passes_its_environment()
    {
        using var folder = TempFolder.Create("step-lines");
        var log = folder.Combine("logs", "build.log");
        var lines = new List<string>();

        var result = await ShellStep.RunAsync(
            "echo \"$SLIPWAY_COMMIT\"; echo oops >&2; exit 2", folder.Path, log, TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["SLIPWAY_COMMIT"] = "abc123" }, line => { lock (lines) { lines.Add(line); } }, TimeProvider.System, Ct);

        Assert.Equal(2, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal(new[] { "abc123", "oops" }, lines.Order());
        Assert.Equal("$ echo \"$SLIPWAY_COMMIT\"; echo oops >&2; exit 2", (await File.ReadAllLinesAsync(log, Ct))[0]);
    }
}
