using System.Text;
using Slipway.Flags.JsonLogic;

namespace Slipway.Flags.Tests.Evaluation;

/// <summary>
/// The three places where Slipway and @openfeature/flagd-core once disagreed, each settled the way flagd (Go) does it:
/// the reason of a split, an empty targeting key, and the bytes a non-ASCII key is hashed as. See docs/flags.md.
/// </summary>
public sealed class FlagdParityTests
{
    // "on" first, so a key whose hash lands in the first 71 of 100 buckets gets "on".
    private const string Split71 = """ { "fractional": [["on", 71], ["off", 29]] } """;

    // The same split with a weight the compiler cannot fold, so it runs through the general expression.
    private const string Split71General = """ { "fractional": [["on", { "+": [70, 1] }], ["off", 29]] } """;

    public static TheoryData<string> SplitRules => new() { Split71, Split71General };

    [Theory]
    [MemberData(nameof(SplitRules))]
    public void A_variant_chosen_by_a_split_has_reason_targeting_match(string rule)
    {
        var evaluator = EvaluatorFor(rule);

        for (var i = 0; i < 50; i++)
        {
            var details = evaluator.EvaluateBoolean("f", false, EvaluationContext.Create($"user-{i}"));
            Assert.Equal(EvaluationReason.TargetingMatch, details.Reason);
            Assert.NotNull(details.Variant);
        }
    }

    [Theory]
    [MemberData(nameof(SplitRules))]
    public void An_empty_targeting_key_is_no_targeting_key_and_serves_the_default_variant(string rule)
    {
        var evaluator = EvaluatorFor(rule);

        foreach (var context in new[] { EvaluationContext.Create(string.Empty), EvaluationContext.CreateBuilder().Set("targetingKey", string.Empty).Build(), EvaluationContext.Empty })
        {
            var details = evaluator.EvaluateBoolean("f", true, context);
            Assert.Equal((false, "off", EvaluationReason.Default, FlagErrorCode.None), (details.Value, details.Variant, details.Reason, details.ErrorCode));
        }
    }

    [Fact]
    public void An_explicit_empty_bucket_key_still_buckets_as_in_flagd()
    {
        // flagd uses any string first argument as the bucket key, "" included: only the implicit targeting key is checked.
        var evaluator = EvaluatorFor(""" { "fractional": [{ "var": "team" }, ["on", 50], ["off", 50]] } """);
        var expected = FractionalNode.Bucket(MurmurHash3.Hash32([]), [50, 50], 100) == 0 ? "on" : "off";

        var details = evaluator.EvaluateBoolean("f", true, EvaluationContext.CreateBuilder("someone").Set("team", string.Empty).Build());

        Assert.Equal((expected, EvaluationReason.TargetingMatch), (details.Variant, details.Reason));
    }

    [Theory]
    [MemberData(nameof(SplitRules))]
    public void A_non_ascii_targeting_key_is_hashed_as_utf8_bytes_as_flagd_go_does(string rule)
    {
        // MurmurHash3 x86_32 of the UTF-8 bytes of "fünïcødé" is 3086829791 (computed with another implementation);
        // 3086829791 * 100 >> 32 = 71, the first "off" bucket. flagd-core 4.0.1 hashes UTF-16 code units instead:
        // 3038459771, bucket 70, "on".
        Assert.Equal(3086829791u, MurmurHash3.Hash32(Encoding.UTF8.GetBytes("fünïcødé")));

        var details = EvaluatorFor(rule).EvaluateBoolean("f", true, EvaluationContext.Create("ünïcødé"));

        Assert.Equal(("off", EvaluationReason.TargetingMatch), (details.Variant, details.Reason));
    }

    private static FlagEvaluator EvaluatorFor(string rule) => new(FlagDocument.ParseLenient($$"""
        { "flags": { "f": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off", "targeting": {{rule}} } } }
        """));
}
