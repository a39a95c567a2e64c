namespace Slipway.Server.Flags;

/// <summary>
/// Body of <c>POST .../flags/{key}/guarded</c>: raise the variant's percentage through <see cref="Steps"/>, each held
/// at least <see cref="MinStepSeconds"/> and left only when the cohort judge promotes it.
/// </summary>
public sealed record GuardedRolloutRequest
{
    /// <summary>Rising percentages from 1 to 100, e.g. [1, 5, 25, 50, 100]. Required.</summary>
    public IReadOnlyList<int>? Steps { get; init; }

    /// <summary>Each step's minimum time in seconds (default 30).</summary>
    public double? MinStepSeconds { get; init; }

    /// <summary>The variant rolled out; default "on" or "true".</summary>
    public string? Variant { get; init; }

    /// <summary>Goals that must not drop: name and the largest allowed relative drop (0.02 = 2%).</summary>
    public IReadOnlyList<GuardedGoalRequest>? Goals { get; init; }

    public string? By { get; init; }
}

public sealed record GuardedGoalRequest(string? Name, double? MaxDrop);
