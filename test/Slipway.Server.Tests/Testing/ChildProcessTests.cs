using Slipway.Server.Tests.Processes;
using Slipway.TestKit;
using ChildProcess = Slipway.Server.Testing.ChildProcess;

namespace Slipway.Server.Tests.Testing;

public sealed class ChildProcessTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_a_test_executable_kills_the_processes_it_started()
    {
        using var folder = TempFolder.Create("child-cancel");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = ChildProcess.RunAsync(
            "/bin/sh", ["-c", "sleep 1000 & echo $! > worker.pid; echo started; wait"], folder.Path, NoEnvironment,
            line => { if (line == "started") { started.TrySetResult(); } }, TimeSpan.FromMinutes(5), TimeProvider.System, cts.Token);
        await started.Task.WaitAsync(Ct);
        var worker = ProcessTree.ReadPidFile(folder.Combine("worker.pid"));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await ProcessTree.AssertGoneAsync(Ct, worker);
    }

    [Fact]
    public async Task A_test_executable_past_its_timeout_is_killed_with_its_children_and_collects_its_stderr()
    {
        using var folder = TempFolder.Create("child-timeout");

        var result = await ChildProcess.RunAsync(
            "/bin/sh", ["-c", "echo stuck >&2; sleep 1000 & echo $! > worker.pid; wait"], folder.Path, NoEnvironment,
            _ => { }, TimeSpan.FromSeconds(2), TimeProvider.System, Ct);

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.Equal("stuck", result.StandardError.Trim());
        await ProcessTree.AssertGoneAsync(Ct, ProcessTree.ReadPidFile(folder.Combine("worker.pid")));
    }
}
