using Microsoft.Extensions.Time.Testing;

namespace Slipway.Flags.Tests.Evaluation;

public sealed class FlagEvaluatorTests
{
    private readonly FlagEvaluator _evaluator = TestFlags.Evaluator();

    [Fact]
    public void A_listed_user_gets_the_targeted_variant_with_reason_targeting_match()
    {
        var details = _evaluator.EvaluateBoolean("new-checkout", false, EvaluationContext.Create("user-2"));

        Assert.True(details.Value);
        Assert.Equal("on", details.Variant);
        Assert.Equal(EvaluationReason.TargetingMatch, details.Reason);
        Assert.Equal(FlagErrorCode.None, details.ErrorCode);
        Assert.Equal("checkout-team", details.Metadata["owner"].AsString());
    }

    [Fact]
    public void A_rule_on_a_string_attribute_matches()
    {
        var context = EvaluationContext.CreateBuilder("someone").Set("group", "staff").Build();

        Assert.True(_evaluator.EvaluateBoolean("new-checkout", false, context).Value);
    }

    [Fact]
    public void A_rule_on_a_number_attribute_matches()
    {
        var context = EvaluationContext.CreateBuilder("someone").Set("accountAgeDays", 400).Build();

        Assert.Equal(EvaluationReason.TargetingMatch, _evaluator.EvaluateBoolean("new-checkout", false, context).Reason);
    }

    [Fact]
    public void A_user_who_reaches_the_split_gets_reason_targeting_match_as_in_flagd()
    {
        var details = _evaluator.EvaluateBoolean("new-checkout", true, EvaluationContext.Create("anonymous-42"));

        Assert.Equal(EvaluationReason.TargetingMatch, details.Reason);
        Assert.NotNull(details.Variant);
    }

    [Fact]
    public void Fractional_split_is_sticky_for_the_same_targeting_key()
    {
        for (var i = 0; i < 200; i++)
        {
            var context = EvaluationContext.Create($"visitor-{i}");
            var first = _evaluator.EvaluateBoolean("new-checkout", false, context).Variant;
            var again = _evaluator.EvaluateBoolean("new-checkout", false, EvaluationContext.Create($"visitor-{i}")).Variant;
            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void Fractional_split_gives_each_variant_about_its_weight()
    {
        var on = 0;
        const int users = 20_000;
        for (var i = 0; i < users; i++)
        {
            if (_evaluator.EvaluateBoolean("new-checkout", false, EvaluationContext.Create($"u{i}")).Value)
            {
                on++;
            }
        }

        Assert.InRange(on / (double)users, 0.18, 0.22);
    }

    [Fact]
    public void A_split_without_a_targeting_key_serves_the_default_variant_as_in_flagd()
    {
        var details = _evaluator.EvaluateBoolean("new-checkout", true, EvaluationContext.Empty);

        Assert.Equal((false, "off", EvaluationReason.Default, FlagErrorCode.None), (details.Value, details.Variant, details.Reason, details.ErrorCode));
    }

    [Fact]
    public void A_missing_flag_returns_the_callers_default_with_flag_not_found()
    {
        var details = _evaluator.EvaluateString("nope", "fallback");

        Assert.Equal("fallback", details.Value);
        Assert.Equal(EvaluationReason.Error, details.Reason);
        Assert.Equal(FlagErrorCode.FlagNotFound, details.ErrorCode);
        Assert.Empty(details.Metadata);
    }

    [Fact]
    public void Asking_for_the_wrong_type_returns_the_callers_default_with_type_mismatch()
    {
        var details = _evaluator.EvaluateBoolean("static-flag", true);

        Assert.True(details.Value);
        Assert.Equal(FlagErrorCode.TypeMismatch, details.ErrorCode);
        Assert.Null(details.Variant);
    }

    [Fact]
    public void A_flag_without_targeting_is_static()
    {
        var details = _evaluator.EvaluateString("static-flag", "x");

        Assert.Equal(("A", "a", EvaluationReason.Static), (details.Value, details.Variant, details.Reason));
    }

    [Fact]
    public void A_disabled_flag_returns_the_callers_default_with_reason_disabled()
    {
        var details = _evaluator.EvaluateBoolean("disabled-flag", false);

        Assert.False(details.Value);
        Assert.Equal(EvaluationReason.Disabled, details.Reason);
        Assert.Null(details.Variant);
    }

    [Fact]
    public void Integer_double_and_object_flags_resolve_to_their_types()
    {
        Assert.Equal(10, _evaluator.EvaluateInteger("limit", 0).Value);
        Assert.Equal(0.75, _evaluator.EvaluateDouble("ratio", 0).Value);
        Assert.Equal(10.0, _evaluator.EvaluateDouble("limit", 0).Value);
        Assert.Equal(FlagErrorCode.TypeMismatch, _evaluator.EvaluateInteger("ratio", 7).ErrorCode);
        var layout = _evaluator.EvaluateObject("layout", FlagValue.Null).Value;
        Assert.True(layout.TryGetProperty("columns", out var columns));
        Assert.Equal(3, columns.AsNumber());
    }

    [Fact]
    public void Evaluate_without_a_default_reports_a_null_value_when_no_variant_applies()
    {
        var evaluator = TestFlags.Evaluator(TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "a": 1 }, "defaultVariant": null }"""));

        var details = evaluator.Evaluate("f");

        Assert.True(details.Value.IsNull);
        Assert.Equal(EvaluationReason.Default, details.Reason);
    }

    [Fact]
    public void Evaluate_all_returns_one_result_per_flag()
    {
        var all = _evaluator.EvaluateAll(EvaluationContext.Create("user-1"), TestContext.Current.CancellationToken);

        Assert.Equal(_evaluator.Document.Flags.Count, all.Count);
        Assert.Contains(all, d => d.FlagKey == "new-checkout" && d.Value.Equals(FlagValue.True));
    }

    [Fact]
    public void Flagd_timestamp_comes_from_the_time_provider()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(2_000_000_000));
        var evaluator = TestFlags.Evaluator(
            TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "before": "b", "after": "a" }, "defaultVariant": "before", "targeting": { "if": [{ ">=": [{ "var": "$flagd.timestamp" }, 2000000100] }, "after", "before"] } }"""),
            time);

        Assert.Equal("b", evaluator.EvaluateString("f", "?").Value);
        time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal("a", evaluator.EvaluateString("f", "?").Value);
    }

    [Fact]
    public void A_targeting_result_that_names_no_variant_is_a_general_error()
    {
        var evaluator = TestFlags.Evaluator(TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "a": "A" }, "defaultVariant": "a", "targeting": { "var": "choice" } }"""));

        var details = evaluator.EvaluateString("f", "fallback", EvaluationContext.CreateBuilder().Set("choice", "zzz").Build());

        Assert.Equal(("fallback", FlagErrorCode.General), (details.Value, details.ErrorCode));
    }

    [Fact]
    public void Evaluation_is_thread_safe()
    {
        var results = new bool[8];
        Parallel.For(0, 8, i =>
        {
            var context = EvaluationContext.Create($"visitor-{i}");
            var expected = _evaluator.EvaluateBoolean("new-checkout", false, context).Value;
            var same = true;
            for (var n = 0; n < 5_000; n++)
            {
                same &= _evaluator.EvaluateBoolean("new-checkout", false, context).Value == expected;
            }

            results[i] = same;
        });

        Assert.All(results, Assert.True);
    }
}
