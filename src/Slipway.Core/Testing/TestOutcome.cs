namespace Slipway.Core.Testing;

internal enum TestOutcome
{
    Passed,
    Failed,
    Skipped,
    /// <summary>The test was running when its shard hit the timeout and was killed.</summary>
    TimedOut,
    /// <summary>The test was planned but never reported (its process died or timed out first).</summary>
    NotRun,
}
