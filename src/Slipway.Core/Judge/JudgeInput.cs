namespace Slipway.Core.Judge;

/// <summary>
/// One look at a bake. Counts in each group are increases since the bake started
/// (see <see cref="GroupSnapshot.Since"/>), so the judge needs no memory between looks.
/// </summary>
public sealed record JudgeInput
{
    public required IReadOnlyList<Check> Checks { get; init; }

    /// <summary>The new version's instances.</summary>
    public required GroupSnapshot Canary { get; init; }

    /// <summary>Fresh instances of the old version, started with the canaries on the same traffic share. The primary reference.</summary>
    public GroupSnapshot? Baseline { get; init; }

    /// <summary>The rest of the old version: the reference for a check whose baseline series is missing or empty.</summary>
    public GroupSnapshot? Fleet { get; init; }

    /// <summary>Time since the bake started (the decision time in the evidence).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// The declared bake time. Once it has passed (and the minimum counts are met), a latency quantile check whose
    /// estimate is within its limit no longer holds the release back for want of an interval narrower than its margin.
    /// Null: no declared bake, so every check must show its interval within its margin to promote.
    /// </summary>
    public TimeSpan? Bake { get; init; }
}
