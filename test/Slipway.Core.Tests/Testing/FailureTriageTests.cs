using Slipway.Core.Testing;

namespace Slipway.Core.Tests.Testing;

public sealed class FailureTriageTests
{
    private static readonly TestName Victim = new("Ns.Victims", "Reads_state");
    private static readonly List<TestName> Before =
        [.. Enumerable.Range(0, 20).Select(i => new TestName("Ns.Others", $"T{i:D2}"))];

    private sealed class ScriptedRunner(Func<IReadOnlyList<TestName>, int, TestOutcome> script) : ITestOrderRunner
    {
        public int Runs { get; private set; }

        public Task<TestOutcome> RunLastAsync(IReadOnlyList<TestName> order, CancellationToken cancellationToken) =>
            Task.FromResult(script(order, Runs++));
    }

    [Fact]
    public async Task A_test_that_fails_every_time_alone_is_a_real_failure()
    {
        var runner = new ScriptedRunner((_, _) => TestOutcome.Failed);
        var result = await FailureTriage.ClassifyAsync(Victim, Before, 3, runner, TestContext.Current.CancellationToken);
        Assert.Equal(FailureKind.Real, result.Kind);
        Assert.Equal(3, runner.Runs);
        Assert.Equal(1.0, result.FlakeRate);
    }

    [Fact]
    public async Task A_test_that_passes_alone_and_fails_after_a_polluter_is_order_dependent_and_names_it()
    {
        var polluter = Before[13];
        var runner = new ScriptedRunner((order, _) =>
            order.Count > 1 && order.Contains(polluter) ? TestOutcome.Failed : TestOutcome.Passed);
        var result = await FailureTriage.ClassifyAsync(Victim, Before, 3, runner, TestContext.Current.CancellationToken);
        Assert.Equal(FailureKind.OrderDependent, result.Kind);
        Assert.Equal([polluter], result.Polluters);
        Assert.Equal(4, result.TriageRuns);
        Assert.Equal(runner.Runs - 4, result.BisectionRuns);
        Assert.StartsWith("Ns.Victims.Reads_state fails when run after Ns.Others.T13", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_that_passes_alone_and_passes_on_replay_is_flaky()
    {
        var runner = new ScriptedRunner((_, _) => TestOutcome.Passed);
        var result = await FailureTriage.ClassifyAsync(Victim, Before, 2, runner, TestContext.Current.CancellationToken);
        Assert.Equal(FailureKind.Flaky, result.Kind);
        Assert.Equal(0.25, result.FlakeRate);
    }

    [Fact]
    public async Task A_test_that_passes_and_fails_alone_is_flaky_without_a_replay()
    {
        var runner = new ScriptedRunner((_, run) => run == 1 ? TestOutcome.Failed : TestOutcome.Passed);
        var result = await FailureTriage.ClassifyAsync(Victim, Before, 3, runner, TestContext.Current.CancellationToken);
        Assert.Equal(FailureKind.Flaky, result.Kind);
        Assert.Equal(3, runner.Runs);
        Assert.Equal(0.5, result.FlakeRate);
    }
}
