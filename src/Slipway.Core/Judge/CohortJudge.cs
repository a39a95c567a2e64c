namespace Slipway.Core.Judge;

/// <summary>
/// The immune system's judge on a flag step: the flag-on cohort against the flag-off cohort, served at the same time on
/// the same instances. It is the <see cref="SequentialJudge"/> (the same always-valid tests, checks and rules), with the
/// flag-off cohort as the only reference and the step's minimum time as the bake; <see cref="BakeGate"/> turns its
/// verdict into promote (next step), keep going, or roll back (the flag goes back to its last safe state).
/// Pure: no I/O, no clock.
/// </summary>
public sealed class CohortJudge(JudgeOptions options)
{
    /// <summary>The name the evidence gives the reference.</summary>
    public const string Reference = "flag-off cohort";

    private readonly SequentialJudge _judge = new(options);

    public CohortJudge()
        : this(JudgeOptions.Default)
    {
    }

    public JudgeOptions Options => _judge.Options;

    /// <summary>Promote, continue, roll back or not enough data, with the evidence of every check.</summary>
    public Verdict Evaluate(CohortInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var verdict = _judge.EvaluateBeside(input.Checks, input.FlagOn, Reference, input.FlagOff, input.Elapsed, input.MinStep);
        if (verdict.Decision == Decision.Promote && input.Elapsed < input.MinStep)
        {
            // Every check may already be within its margin, but a step lasts its minimum time: the cohort may grow into
            // users (and hours of the day) the first seconds did not reach.
            return verdict with
            {
                Decision = Decision.Continue,
                Rule = $"every check is within its minimum effect, but the step's minimum time ({EvidenceFormat.Elapsed(input.MinStep)}) has not passed",
            };
        }

        return verdict;
    }

    /// <summary>
    /// What the guarded rollout does after a look: the verdict through the bake gate, with the minimum step as the bake
    /// (undecided or short of data, the step waits up to <see cref="JudgeOptions.MaxBakeExtension"/> longer).
    /// </summary>
    public GateDecision Decide(CohortInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return BakeGate.Decide(Evaluate(input), input.MinStep, Options);
    }
}
