using Slipway.Core.Journal;

namespace Slipway.Server.Flags;

/// <summary>
/// The projection of one flag's latest guarded rollout, from its journal events. Changed only under the journal's lock
/// (<see cref="FlagsProjection"/>); read through <see cref="View"/> inside a journal read.
/// </summary>
internal sealed class GuardedRollout(GuardedRolloutStarted started, DateTimeOffset at)
{
    public GuardedRolloutStarted Started { get; } = started;

    public DateTimeOffset StartedAt { get; } = at;

    public GuardedPhase Phase { get; private set; } = GuardedPhase.Advancing;

    /// <summary>The step under way (or the last one judged), -1 before the first is set.</summary>
    public int Step { get; private set; } = -1;

    public int Percent { get; private set; }

    public DateTimeOffset? StepStartedAt { get; private set; }

    /// <summary>The percentage of the last promoted step; null while none is (the last safe state is then <see cref="GuardedRolloutStarted.FlagBefore"/>).</summary>
    public int? LastSafePercent { get; private set; }

    public string? Outcome { get; private set; }

    /// <summary>The ended rollout's line (the kill-switch line on a rollback).</summary>
    public string? Summary { get; private set; }

    public string? LastVerdict { get; private set; }

    public string? EvidenceJson { get; private set; }

    public List<GuardedStepView> Steps { get; } = [];

    /// <summary>Who changed the flag by hand while the rollout ran (it stops, and the change stands); null if nobody did.</summary>
    public string? ChangedBy { get; set; }

    public bool Active => Phase != GuardedPhase.Ended;

    public void Apply(SlipwayEvent e, DateTimeOffset at)
    {
        switch (e)
        {
            case GuardedStepStarted step:
                Phase = GuardedPhase.Judging;
                Step = step.Step;
                Percent = step.Percent;
                StepStartedAt = at;
                Steps.Add(new GuardedStepView(step.Step, step.Percent, at, null, null));
                break;
            case GuardedStepJudged judged:
                Phase = judged.Verdict == "promote" ? GuardedPhase.Advancing : GuardedPhase.Restoring;
                if (judged.Verdict == "promote")
                {
                    LastSafePercent = judged.Percent;
                }

                LastVerdict = judged.Summary;
                EvidenceJson = judged.EvidenceJson;
                var index = Steps.FindLastIndex(s => s.Step == judged.Step);
                if (index >= 0)
                {
                    Steps[index] = Steps[index] with { Verdict = judged.Verdict, Summary = judged.Summary };
                }

                break;
            case GuardedRolloutEnded ended:
                Phase = GuardedPhase.Ended;
                Outcome = ended.Outcome;
                Summary = ended.Summary;
                Percent = ended.AtPercent;
                break;
        }
    }

    public GuardedRolloutView View(string? progress) => new(
        Started.Key,
        Started.Variant,
        Started.Steps,
        Started.MinStepSeconds,
        Started.Goals.Select(g => new GuardedGoalView(g.Name, g.MaxDrop)).ToList(),
        Phase switch
        {
            GuardedPhase.Ended => Outcome ?? "ended",
            GuardedPhase.Judging => "judging",
            _ => "in_progress",
        },
        Outcome,
        Step < 0 ? null : Step + 1,
        Percent,
        LastSafePercent,
        Summary,
        Active ? progress ?? LastVerdict : LastVerdict,
        Started.By,
        StartedAt,
        [.. Steps]);
}

internal enum GuardedPhase
{
    /// <summary>Started, or a step promoted: the next step (or the end) is to be set.</summary>
    Advancing,

    /// <summary>A step is set and the cohort judge looks at it.</summary>
    Judging,

    /// <summary>A step was rolled back: the flag is to be set back to its last safe state.</summary>
    Restoring,

    Ended,
}
