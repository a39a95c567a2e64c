using System.Globalization;

namespace Slipway.Server.Testing;

/// <summary>
/// How the fail-fast order did in one run: what it moved first (recently failed tests, touched projects), where the first
/// failure came in the run's order and where it would have come in the plain seeded order, when it was reported, and
/// whether the other shards were stopped after a real failure.
/// </summary>
internal sealed record FailFastSummary
{
    /// <summary>Recently failed tests of this run, moved to the front (with their classes); with the seed they replay the order.</summary>
    public IReadOnlyList<string> FailFirst { get; init; } = [];

    /// <summary>Test projects the commit touched, run before the others.</summary>
    public IReadOnlyList<string> TouchedProjects { get; init; } = [];

    /// <summary>All tests of the run's order (every project).</summary>
    public int TotalTests { get; init; }

    /// <summary>The failing test reported first, or null when nothing failed.</summary>
    public string? FirstFailure { get; init; }

    /// <summary>1-based position of the first failing test in the run's order (projects one after another).</summary>
    public int? RunPosition { get; init; }

    /// <summary>1-based position of the first failing test in the plain seeded order (projects as configured, no fail-first).</summary>
    public int? SeedPosition { get; init; }

    /// <summary>Tests finished across all shards when the first failure was reported (itself included).</summary>
    public int? FinishedAtFirstFailure { get; init; }

    /// <summary>Time from the start of the first shard to the first failure's report.</summary>
    public TimeSpan? FirstFailureAfter { get; init; }

    /// <summary>The real failure that stopped the other shards, or null when none was stopped.</summary>
    public string? StoppedBy { get; init; }

    /// <summary>Shards stopped before they finished.</summary>
    public int StoppedShards { get; init; }

    /// <summary>"first failure after 3 of 120 tests, 1.2 s (test 1 of the run's order); in seed order it would have been test 87".</summary>
    public string? Describe()
    {
        if (FirstFailure is null)
        {
            return null;
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"first failure after {FinishedAtFirstFailure} of {TotalTests} tests, {FirstFailureAfter?.TotalSeconds:0.0} s ({FirstFailure})");
        if (RunPosition is { } run && SeedPosition is { } seed)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; test {run} of the run's order, in seed order it would have been test {seed}");
        }

        if (StoppedBy is not null)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {StoppedShards} other shard(s) stopped after the real failure of {StoppedBy}");
        }

        return text;
    }
}
