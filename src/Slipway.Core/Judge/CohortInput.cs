namespace Slipway.Core.Judge;

/// <summary>
/// One look at a guarded flag step: what the requests served the flag's new variant did (the flag-on cohort), against
/// what the requests served its other variants did over the same time on the same instances (the flag-off cohort).
/// Counts are increases since the step started (see <see cref="CohortStep"/>).
/// </summary>
public sealed record CohortInput
{
    /// <summary>The checks, on the series <see cref="CohortChecks"/> names (<see cref="CohortChecks.For"/> builds them).</summary>
    public required IReadOnlyList<Check> Checks { get; init; }

    public required GroupSnapshot FlagOn { get; init; }

    public required GroupSnapshot FlagOff { get; init; }

    /// <summary>Time since the step started.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// The step's minimum time (<c>--min-step</c>). Before it the judge never promotes; after it, as after a bake, a p99
    /// within its limit and no worse than the flag-off cohort's no longer holds the step.
    /// </summary>
    public required TimeSpan MinStep { get; init; }
}
