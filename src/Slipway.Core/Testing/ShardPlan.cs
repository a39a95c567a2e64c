namespace Slipway.Core.Testing;

/// <summary>One shard: its 1-based number and its tests in the order they run.</summary>
internal sealed record ShardPlan(int Number, IReadOnlyList<TestName> Tests, TimeSpan ExpectedDuration);
