using Slipway.Core.Judge;

namespace Slipway.Judge.Bench;

/// <summary>
/// Ours on cohorts: the cohort judge (the sequential judge, flag-on against flag-off cohort) through the bake gate, with
/// the step's minimum time as the bake. The streams become the SDK's per-variant counts (status classes and its duration
/// buckets), as the server would receive them, and are judged from there.
/// </summary>
internal sealed class SlipwayCohortJudge(TimeSpan minStep, JudgeOptions options) : IStreamJudge
{
    public string Name => $"Slipway cohort judge (flag-on vs flag-off cohort, min step {minStep.TotalSeconds:0} s)";

    public IJudgeRun Start(StreamSettings settings) => new Run(new CohortJudge(options), minStep);

    private sealed class Run(CohortJudge judge, TimeSpan minStep) : IJudgeRun
    {
        public Outcome? Observe(int second, GroupStream canary, GroupStream baseline)
        {
            var gate = judge.Decide(new CohortInput
            {
                Checks = CohortChecks.For(),
                FlagOn = Counts(canary).ToSnapshot(),
                FlagOff = Counts(baseline).ToSnapshot(),
                Elapsed = TimeSpan.FromSeconds(second),
                MinStep = minStep,
            });
            return gate.Action switch
            {
                GateAction.Rollback or GateAction.Fail => new Outcome(true, second, gate.Reason),
                GateAction.Promote => new Outcome(false, second),
                _ => null,
            };
        }
    }

    /// <summary>A stream as the SDK counts it; the stream's buckets must be the SDK's bounds (<see cref="CohortCounts.BoundsMs"/>).</summary>
    private static CohortCounts Counts(GroupStream group) =>
        new([0, group.Requests - group.Errors, 0, 0, group.Errors], group.BucketCounts, new Dictionary<string, long>());
}
