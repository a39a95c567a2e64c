using System.Collections.Concurrent;
using Slipway.Server.Processes;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Processes;

public sealed class ExternalProcessTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Output_and_error_lines_stream_to_their_callbacks_and_the_exit_code_is_returned()
    {
        var output = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();

        var result = await ExternalProcess.RunAsync(
            "/bin/sh", ["-c", "echo one; echo two >&2; echo \"$GREETING\"; exit 3"], null, new Dictionary<string, string?> { ["GREETING"] = "hi" },
            output.Enqueue, errors.Enqueue, TimeSpan.FromMinutes(1), TimeProvider.System, Ct);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal(new[] { "one", "hi" }, output);
        Assert.Equal(new[] { "two" }, errors);
    }

    [Fact]
    public async Task Cancelling_kills_the_child_and_its_grandchildren_and_throws()
    {
        using var folder = TempFolder.Create("cancel-tree");
        var pids = folder.Combine("pids");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = ExternalProcess.RunAsync(
            "/bin/sh", ["-c", $"sleep 1000 & echo $! > '{pids}.grandchild'; echo $$ > '{pids}.child'; echo started; wait"], folder.Path, NoEnvironment,
            line => { if (line == "started") { started.TrySetResult(); } }, _ => { }, TimeSpan.FromMinutes(5), TimeProvider.System, cts.Token);
        await started.Task.WaitAsync(Ct);
        var child = ProcessTree.ReadPidFile(pids + ".child");
        var grandchild = ProcessTree.ReadPidFile(pids + ".grandchild");
        Assert.True(ProcessTree.IsRunning(grandchild));
        await cts.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(cts.Token, thrown.CancellationToken);
        await ProcessTree.AssertGoneAsync(Ct, child, grandchild);
    }

    [Fact]
    public async Task At_the_timeout_the_whole_tree_is_killed_and_the_result_says_timed_out()
    {
        using var folder = TempFolder.Create("timeout-tree");
        var pid = folder.Combine("grandchild.pid");

        var result = await ExternalProcess.RunAsync(
            "/bin/sh", ["-c", $"sleep 1000 & echo $! > '{pid}'; wait"], folder.Path, NoEnvironment,
            _ => { }, _ => { }, TimeSpan.FromSeconds(2), TimeProvider.System, Ct);

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        await ProcessTree.AssertGoneAsync(Ct, ProcessTree.ReadPidFile(pid));
    }
}
