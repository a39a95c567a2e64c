using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>Everything the stage found; the pipeline journals it. Nothing here is written to the journal by the stage.</summary>
internal sealed record TestStageResult
{
    public required TestStageOutcome Outcome { get; init; }

    /// <summary>Whether this result stops the release (failed, build failed, or no tests under policy <c>fail</c>).</summary>
    public required bool Blocks { get; init; }

    public required int Seed { get; init; }

    public required int ShardCount { get; init; }

    /// <summary>The run's full order per test assembly: the seeded order with the fail-first tests moved to the front.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Order { get; init; }

    public required IReadOnlyList<ShardResult> Shards { get; init; }

    public required IReadOnlyList<TestCaseResult> Tests { get; init; }

    public IReadOnlyList<TriageResult> Triage { get; init; } = [];

    /// <summary>Flaky (policy quarantine) or already-quarantined tests whose failures did not block.</summary>
    public IReadOnlyList<string> Quarantined { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What the fail-fast order moved first and how much earlier the first failure came.</summary>
    public FailFastSummary FailFast { get; init; } = new();

    public string? JUnitPath { get; init; }

    public string? TrxPath { get; init; }

    /// <summary>The compiler's output when <see cref="Outcome"/> is <see cref="TestStageOutcome.BuildFailed"/>.</summary>
    public string? BuildOutput { get; init; }

    public int Passed => Tests.Count(t => t.Outcome == TestOutcome.Passed);

    public int Failed => Tests.Count(t => FailureTriage.IsFailure(t.Outcome));

    public string Summary =>
        Outcome switch
        {
            TestStageOutcome.NoTests => $"no tests found (seed {Seed})",
            TestStageOutcome.BuildFailed => "test project did not build",
            _ => $"{Passed} passed, {Failed} failed, {Tests.Count - Passed - Failed} other (seed {Seed}, {ShardCount} shards)",
        };
}
