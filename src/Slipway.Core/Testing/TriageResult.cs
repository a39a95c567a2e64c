namespace Slipway.Core.Testing;

/// <summary>
/// What kind of failure one failed test is, with the evidence: how many re-runs it took, the
/// polluters found by bisection (order-dependent only), and the observed flake rate.
/// </summary>
internal sealed record TriageResult
{
    public required TestName Test { get; init; }
    public required FailureKind Kind { get; init; }
    public IReadOnlyList<TestName> Polluters { get; init; } = [];
    /// <summary>Runs of the test alone (configurable count) and the replay of the order.</summary>
    public required int TriageRuns { get; init; }
    /// <summary>Test runs that delta debugging took to find the polluters (0 unless order-dependent).</summary>
    public int BisectionRuns { get; init; }
    /// <summary>Failures over observations during triage, counting the original failure.</summary>
    public required double FlakeRate { get; init; }
    public required string Explanation { get; init; }
    /// <summary>One line that reproduces the failure; set by the shell that knows the project.</summary>
    public string? ReproCommand { get; init; }
}
