using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>The triage oracle: each call is one fresh test process running exactly the given order.</summary>
internal sealed class TestExecutableOrderRunner(
    TestExecutable executable,
    string workDirectory,
    IReadOnlyDictionary<string, string> environment,
    TimeSpan timeout) : ITestOrderRunner
{
    private int _runs;

    public int Runs => _runs;

    public async Task<TestOutcome> RunLastAsync(IReadOnlyList<TestName> order, CancellationToken cancellationToken)
    {
        var run = Interlocked.Increment(ref _runs);
        var orderFile = System.IO.Path.Combine(workDirectory, $"triage-{run}.order");
        var result = await executable.RunAsync(order, orderFile, environment, timeout, null, cancellationToken).ConfigureAwait(false);
        if (result.Process.TimedOut)
        {
            return TestOutcome.TimedOut;
        }

        return result.Events.Results().TryGetValue(order[^1], out var outcome) ? outcome.Outcome : TestOutcome.NotRun;
    }
}
