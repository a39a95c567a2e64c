namespace Slipway.Core.Judge;

/// <summary>
/// What the judge saw and concluded for one check. Values are fractions and seconds:
/// an error ratio of 0.048 is 4.8%, a latency of 0.412 is 412 ms, a rate is events per instance-second.
/// </summary>
public sealed record CheckEvidence
{
    public required string Check { get; init; }

    public required string Metric { get; init; }

    public required CheckKind Kind { get; init; }

    public required bool Critical { get; init; }

    public required BadDirection Bad { get; init; }

    public required CheckStatus Status { get; init; }

    /// <summary>Which case the numbers fall in: within limits, over but not significant yet, over and significant, not comparable, or waiting for data.</summary>
    public CheckCase Case { get; init; }

    /// <summary>True for the check that decided the verdict (a critical check over its limit and significant).</summary>
    public bool Deciding { get; init; }

    /// <summary>Which old-version group was compared: <c>baseline</c>, <c>fleet</c> or <c>previous release</c>.</summary>
    public required string Reference { get; init; }

    /// <summary>The old value: error ratio, latency quantile (seconds) or rate (per instance-second).</summary>
    public double? Old { get; init; }

    public double? New { get; init; }

    /// <summary>Requests (or observations, or events) behind the old value.</summary>
    public double OldCount { get; init; }

    public double NewCount { get; init; }

    /// <summary>New minus old in percentage-point fraction for ratios; (new / old - 1) otherwise.</summary>
    public double? Effect { get; init; }

    /// <summary>The check's minimum effect, in the same unit as <see cref="Effect"/>.</summary>
    public required double MinimumEffect { get; init; }

    /// <summary>What the sequential test ran on, e.g. "difference in error ratio".</summary>
    public string? Statistic { get; init; }

    /// <summary>The tested difference, new minus old, in the statistic's unit.</summary>
    public double? Estimate { get; init; }

    /// <summary>The always-valid confidence sequence around <see cref="Estimate"/> at this look.</summary>
    public double? Lower { get; init; }

    public double? Upper { get; init; }

    /// <summary>The margin in the statistic's unit that corresponds to <see cref="MinimumEffect"/>.</summary>
    public double? Margin { get; init; }

    /// <summary>Always-valid p-value for "no difference".</summary>
    public double? PValue { get; init; }

    /// <summary>For latency: the bucket bound (seconds) whose exceedance was compared.</summary>
    public double? Threshold { get; init; }

    /// <summary>For latency: share of old and new requests slower than <see cref="Threshold"/>.</summary>
    public double? OldTail { get; init; }

    public double? NewTail { get; init; }

    /// <summary>True when the point estimate lies beyond the margin in the bad direction (used when the bake runs out undecided).</summary>
    public bool BeyondMinimumEffect { get; init; }

    /// <summary>The rule that gave <see cref="Status"/>.</summary>
    public required string Rule { get; init; }

    /// <summary>One line a person can read, e.g. <c>error ratio 4.8% vs 0.1% (+4.7 pp &gt; 1 pp), p&lt;0.001</c>.</summary>
    public required string Summary { get; init; }
}
