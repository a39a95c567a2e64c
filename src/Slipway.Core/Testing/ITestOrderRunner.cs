namespace Slipway.Core.Testing;

/// <summary>
/// Runs exactly the given tests, in exactly the given order, in a fresh process, and reports the
/// outcome of the last one. The shell implements it with child processes; tests and benchmarks with
/// a simulated oracle.
/// </summary>
internal interface ITestOrderRunner
{
    Task<TestOutcome> RunLastAsync(IReadOnlyList<TestName> order, CancellationToken cancellationToken);
}
