namespace Slipway.Core.Judge;

/// <summary>
/// One step of a guarded flag rollout as the judge sees it: the cohorts' counts when the step started, and when it
/// started by the injected clock. Each look judges the increase since then, so a step only sees requests served at
/// its own percentage.
/// </summary>
public sealed class CohortStep
{
    private readonly TimeProvider _time;
    private readonly CohortCounts _onAtStart;
    private readonly CohortCounts _offAtStart;

    public CohortStep(TimeProvider time, CohortCounts flagOnAtStart, CohortCounts flagOffAtStart, TimeSpan minStep, IReadOnlyList<Check> checks)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(checks);
        _time = time;
        _onAtStart = flagOnAtStart ?? throw new ArgumentNullException(nameof(flagOnAtStart));
        _offAtStart = flagOffAtStart ?? throw new ArgumentNullException(nameof(flagOffAtStart));
        MinStep = minStep;
        Checks = checks;
        StartedAt = time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan MinStep { get; }

    public IReadOnlyList<Check> Checks { get; }

    public TimeSpan Elapsed => _time.GetUtcNow() - StartedAt;

    /// <summary>The judge's input for the cohorts' counts now (cumulative, as the server keeps them).</summary>
    public CohortInput Look(CohortCounts flagOnNow, CohortCounts flagOffNow)
    {
        ArgumentNullException.ThrowIfNull(flagOnNow);
        ArgumentNullException.ThrowIfNull(flagOffNow);
        var goals = CohortChecks.GoalNames(Checks);
        return new CohortInput
        {
            Checks = Checks,
            FlagOn = flagOnNow.Since(_onAtStart).ToSnapshot(goals),
            FlagOff = flagOffNow.Since(_offAtStart).ToSnapshot(goals),
            Elapsed = Elapsed,
            MinStep = MinStep,
        };
    }
}
