namespace Slipway.Server.Flags;

/// <summary>
/// A flag's latest guarded rollout as the API shows it. <see cref="State"/> is <c>in_progress</c>, <c>judging</c>,
/// <c>completed</c>, <c>rolled_back</c> or <c>stopped</c>; <see cref="Summary"/> is the line of an ended rollout
/// (for a rollback: <c>flag new-checkout rolled back at 25%: error ratio 4.9% vs 0.2% …</c>); <see cref="Verdict"/> is
/// the judge's latest look or verdict.
/// </summary>
public sealed record GuardedRolloutView(
    string Key,
    string Variant,
    IReadOnlyList<int> Steps,
    double MinStepSeconds,
    IReadOnlyList<GuardedGoalView> Goals,
    string State,
    string? Outcome,
    int? Step,
    int Percent,
    int? LastSafePercent,
    string? Summary,
    string? Verdict,
    string By,
    DateTimeOffset StartedAt,
    IReadOnlyList<GuardedStepView> History)
{
    /// <summary>
    /// One line for status and <c>flags get</c>: an ended rollout's summary (the kill-switch line on a rollback), else
    /// where it is and the judge's latest look.
    /// </summary>
    public string Line => Summary
        ?? $"flag {Key} guarded rollout {State} at {Percent}% (step {Step ?? 0} of {Steps.Count}){(Verdict is { } v ? ": " + v : string.Empty)}";
}

public sealed record GuardedGoalView(string Name, double MaxDrop);

/// <summary>One step: its number (from 0), percentage, when it was set, and the verdict on it once there is one.</summary>
public sealed record GuardedStepView(int Step, int Percent, DateTimeOffset StartedAt, string? Verdict, string? Summary);
