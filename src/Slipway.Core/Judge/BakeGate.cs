namespace Slipway.Core.Judge;

/// <summary>
/// Turns a verdict into what the rollout driver does, given the declared bake time. The bake
/// may be extended by <see cref="JudgeOptions.MaxBakeExtension"/> while the judge is undecided or
/// short of data; at that limit an undecided bake is settled on its point estimates, and a bake
/// without enough data by the declared <see cref="NotEnoughDataPolicy"/>. Never a silent pass.
/// </summary>
public static class BakeGate
{
    public static GateDecision Decide(Verdict verdict, TimeSpan bake, JudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(options);
        switch (verdict.Decision)
        {
            case Decision.Rollback:
                return new GateDecision(GateAction.Rollback, verdict.Summary, verdict);
            case Decision.Promote:
                return new GateDecision(GateAction.Promote, verdict.Summary, verdict);
        }

        var limit = bake + options.MaxBakeExtension;
        if (verdict.Elapsed < limit)
        {
            var reason = verdict.Elapsed < bake
                ? verdict.Summary
                : $"bake extended (up to {EvidenceFormat.Elapsed(limit)}): {verdict.Summary}";
            return new GateDecision(GateAction.KeepBaking, reason, verdict);
        }

        if (verdict.Decision == Decision.Continue)
        {
            var beyond = verdict.Checks.FirstOrDefault(e => e.Critical && e.BeyondMinimumEffect);
            return beyond is not null
                ? new GateDecision(GateAction.Rollback, $"bake limit reached undecided, and {beyond.Check} is beyond its minimum effect: {verdict.Detail}", verdict)
                : new GateDecision(GateAction.Promote, $"bake limit reached undecided, and no critical check's tested difference is beyond its margin (a check over its limit is not significant): {verdict.Detail}", verdict);
        }

        var policy = options.NotEnoughData;
        var action = policy switch
        {
            NotEnoughDataPolicy.Promote => GateAction.Promote,
            NotEnoughDataPolicy.Rollback => GateAction.Rollback,
            _ => GateAction.Fail,
        };
        return new GateDecision(action, $"not enough data by the bake limit, policy '{policy.ToString().ToLowerInvariant()}': {verdict.Detail}", verdict);
    }
}
