namespace Slipway.Server.Testing;

/// <summary>
/// One shard process: the order it was asked to run, the order it really ran (from the runner's
/// events), and, when it was killed at the timeout, the test that was running; <c>Stopped</c>: the stage stopped it
/// after a real failure in another shard.
/// </summary>
internal sealed record ShardResult(
    string Assembly,
    int Number,
    IReadOnlyList<string> PlannedOrder,
    IReadOnlyList<string> ExecutedOrder,
    int ExitCode,
    bool TimedOut,
    string? RunningAtTimeout,
    TimeSpan Duration,
    bool Stopped = false);
