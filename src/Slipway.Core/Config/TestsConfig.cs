using Slipway.Core.Testing;

namespace Slipway.Core.Config;

/// <summary>The <c>tests:</c> section for the shuffled, sharded test runner. <see langword="null"/> means the runner's default.</summary>
public sealed record TestsConfig
{
    /// <summary>
    /// Test projects (.csproj) or built test executables, relative to the repository. When there is at least one, the
    /// pipeline's test step is Slipway's test stage (seeded shuffle, shards, triage); otherwise it is the <c>test</c> command.
    /// </summary>
    public IReadOnlyList<string> Projects { get; init; } = [];

    /// <summary>Number of parallel shards, 1 to 64.</summary>
    public int? Shards { get; init; }

    /// <summary>Fixed shuffle seed, to replay an order; <see langword="null"/> (or <c>seed: commit</c>) derives it from the commit.</summary>
    public long? Seed { get; init; }

    /// <summary>How many times a failed test is rerun, 0 to 10.</summary>
    public int? Reruns { get; init; }

    public FlakyPolicy? Flaky { get; init; }

    /// <summary>Timeout of one shard.</summary>
    public TimeSpan? Timeout { get; init; }

    public ZeroTestsPolicy? ZeroTests { get; init; }

    /// <summary>
    /// Keep every shard running after a real failure (<see langword="true"/>); by default (<see langword="null"/> or
    /// <see langword="false"/>) the other shards are stopped once one has a failure triaged as real.
    /// </summary>
    public bool? RunAllOnFailure { get; init; }
}
