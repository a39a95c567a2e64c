using Slipway.Flags.Reassignment;

namespace Slipway.Flags.Tests.Reassignment;

public sealed class ReassignmentAnalysisTests
{
    private static FlagDefinition Flag(string targeting, string state = "ENABLED") =>
        FlagDocument.Parse(TestFlags.SingleFlag($$"""{ "state": "{{state}}", "variants": { "on": true, "off": false }, "defaultVariant": "off", "targeting": {{targeting}} }""")).Flags["f"];

    [Fact]
    public void Growing_a_rollout_from_10_to_25_percent_moves_exactly_15_percent_of_users()
    {
        var preview = ReassignmentAnalysis.Preview(
            Flag("""{ "fractional": [["on", 10], ["off", 90]] }"""),
            Flag("""{ "fractional": [["on", 25], ["off", 75]] }"""));

        Assert.Equal(ReassignmentMethod.BucketArithmetic, preview.Method);
        Assert.Equal(0.15, preview.Share!.Value, 9);
        var move = Assert.Single(preview.Transitions);
        Assert.Equal(("off", "on"), (move.From, move.To));
    }

    [Fact]
    public void Reordering_buckets_moves_users_even_when_weights_stay_the_same()
    {
        var preview = ReassignmentAnalysis.Preview(
            Flag("""{ "fractional": [["on", 50], ["off", 50]] }"""),
            Flag("""{ "fractional": [["off", 50], ["on", 50]] }"""));

        Assert.Equal(1.0, preview.Share!.Value, 9);
    }

    [Fact]
    public void The_exact_share_agrees_with_evaluating_many_users()
    {
        var before = Flag("""{ "fractional": [["on", 1], ["off", 2]] }""");
        var after = Flag("""{ "fractional": [["on", 2], ["off", 1]] }""");
        var sample = Enumerable.Range(0, 30_000).Select(i => EvaluationContext.Create($"user-{i}")).ToList();

        var exact = ReassignmentAnalysis.Preview(before, after);
        var direct = ReassignmentAnalysis.Exact("f", StaticSplit.Find(before.Targeting!.Value)!, StaticSplit.Find(after.Targeting!.Value)!);
        var measured = SampleByHand(before, after, sample);

        Assert.Equal(1.0 / 3, exact.Share!.Value, 6);
        Assert.Equal(exact.Share, direct.Share);
        Assert.InRange(measured, (1.0 / 3) - 0.02, (1.0 / 3) + 0.02);
    }

    [Fact]
    public void A_rule_change_is_measured_on_the_sample_of_contexts()
    {
        var before = Flag("""{ "if": [{ "==": [{ "var": "plan" }, "pro"] }, "on", "off"] }""");
        var after = Flag("""{ "if": [{ "in": [{ "var": "plan" }, ["pro", "team"]] }, "on", "off"] }""");
        var plans = new[] { "free", "pro", "team", "free" };
        var sample = plans.Select((p, i) => EvaluationContext.CreateBuilder($"u{i}").Set("plan", p).Build()).ToList();

        var preview = ReassignmentAnalysis.Preview(before, after, sample);

        Assert.Equal(ReassignmentMethod.Sample, preview.Method);
        Assert.Equal(0.25, preview.Share);
        Assert.Equal(4, preview.SampleSize);
    }

    [Fact]
    public void A_rule_change_without_a_sample_has_an_unknown_share()
    {
        var preview = ReassignmentAnalysis.Preview(
            Flag("""{ "if": [{ "==": [{ "var": "plan" }, "pro"] }, "on", "off"] }"""),
            Flag("""{ "if": [{ "==": [{ "var": "plan" }, "team"] }, "on", "off"] }"""));

        Assert.Equal(ReassignmentMethod.Unknown, preview.Method);
        Assert.Null(preview.Share);
    }

    [Fact]
    public void A_metadata_only_change_moves_nobody()
    {
        var before = FlagDocument.Parse(TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "a": 1 }, "defaultVariant": "a", "metadata": { "owner": "x" } }""")).Flags["f"];
        var after = FlagDocument.Parse(TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "a": 1 }, "defaultVariant": "a", "metadata": { "owner": "y" } }""")).Flags["f"];

        Assert.Equal(ReassignmentMethod.Unchanged, ReassignmentAnalysis.Preview(before, after).Method);
    }

    private static double SampleByHand(FlagDefinition before, FlagDefinition after, IReadOnlyList<EvaluationContext> sample)
    {
        var a = new FlagEvaluator(FlagDocument.Parse(TestFlags.SingleFlag(before.Json.GetRawText())));
        var b = new FlagEvaluator(FlagDocument.Parse(TestFlags.SingleFlag(after.Json.GetRawText())));
        return sample.Count(c => a.EvaluateBoolean("f", false, c).Value != b.EvaluateBoolean("f", false, c).Value) / (double)sample.Count;
    }
}
