using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

public sealed class BakeGateTests
{
    private static readonly TimeSpan Bake = TimeSpan.FromSeconds(60);
    private readonly SequentialJudge _judge = new();

    private Verdict LowTraffic(double seconds) =>
        _judge.Evaluate(Snapshots.Input(Snapshots.Group(40, 0), Snapshots.Group(38, 0), seconds));

    [Fact]
    public void Not_enough_data_keeps_baking_during_the_bake_and_its_extension()
    {
        Assert.Equal(GateAction.KeepBaking, BakeGate.Decide(LowTraffic(30), Bake, JudgeOptions.Default).Action);
        var extended = BakeGate.Decide(LowTraffic(90), Bake, JudgeOptions.Default);
        Assert.Equal(GateAction.KeepBaking, extended.Action);
        Assert.StartsWith("bake extended (up to 180.0 s)", extended.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotEnoughDataPolicy.Promote, GateAction.Promote)]
    [InlineData(NotEnoughDataPolicy.Rollback, GateAction.Rollback)]
    [InlineData(NotEnoughDataPolicy.Fail, GateAction.Fail)]
    public void Not_enough_data_at_the_bake_limit_follows_the_declared_policy(NotEnoughDataPolicy policy, GateAction expected)
    {
        var options = JudgeOptions.Default with { NotEnoughData = policy };

        var decision = BakeGate.Decide(LowTraffic(180), Bake, options);

        Assert.Equal(expected, decision.Action);
        Assert.StartsWith($"not enough data by the bake limit, policy '{policy.ToString().ToLowerInvariant()}'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rollback_verdict_rolls_back_at_once()
    {
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(312, 15), Snapshots.Group(1104, 1), 6.2));

        Assert.Equal(GateAction.Rollback, BakeGate.Decide(verdict, Bake, JudgeOptions.Default).Action);
    }

    [Fact]
    public void An_undecided_bake_at_its_limit_is_settled_on_point_estimates()
    {
        // 1.4% vs 0.1% errors: beyond the 1 pp minimum on the estimate, but not yet significant.
        var verdict = _judge.Evaluate(Snapshots.Input(Snapshots.Group(1000, 14), Snapshots.Group(1000, 1), 180));

        var decision = BakeGate.Decide(verdict, Bake, JudgeOptions.Default);

        Assert.Equal(Decision.Continue, verdict.Decision);
        Assert.Equal(GateAction.Rollback, decision.Action);
        Assert.StartsWith("bake limit reached undecided, and error ratio is beyond its minimum effect", decision.Reason, StringComparison.Ordinal);
    }
}
