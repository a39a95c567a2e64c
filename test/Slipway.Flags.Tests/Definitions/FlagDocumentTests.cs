using System.Text.Json;

namespace Slipway.Flags.Tests.Definitions;

public sealed class FlagDocumentTests
{
    [Fact]
    public void An_unknown_operator_is_rejected_with_its_json_pointer()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(TestFlags.SingleFlag(
            """{ "state": "ENABLED", "variants": { "a": true }, "defaultVariant": "a", "targeting": { "if": [{ "sounds_like": [1, 2] }, "a"] } }""")));

        Assert.Equal("/flags/f/targeting/if/0/sounds_like", ex.Pointer);
        Assert.Contains("unknown operator 'sounds_like'", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_variant_that_is_not_a_variant_is_rejected()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(TestFlags.SingleFlag(
            """{ "state": "ENABLED", "variants": { "a": true }, "defaultVariant": "b" }""")));

        Assert.Equal("/flags/f/defaultVariant", ex.Pointer);
    }

    [Fact]
    public void A_bad_state_and_missing_variants_are_both_reported()
    {
        var result = FlagDocument.Validate(TestFlags.SingleFlag("""{ "state": "ON" }"""));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Pointer == "/flags/f/state");
        Assert.Contains(result.Errors, e => e.Pointer == "/flags/f/variants");
    }

    [Fact]
    public void Text_that_is_not_json_is_rejected_at_the_root()
    {
        var result = FlagDocument.Validate("{ flags: ");

        Assert.Equal(string.Empty, Assert.Single(result.Errors).Pointer);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Keys_with_slashes_are_escaped_in_pointers()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse("""{ "flags": { "a/b~c": { "state": "ENABLED", "variants": { "a": 1 } } } }"""));

        Assert.Equal("/flags/a~1b~0c", ex.Pointer);
    }

    [Fact]
    public void A_ref_to_a_missing_evaluator_is_rejected_strictly_and_resolves_to_parse_error_leniently()
    {
        var json = TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "a": "A" }, "defaultVariant": "a", "targeting": { "if": [{ "$ref": "nobody" }, "a"] } }""");

        Assert.Equal("/flags/f/targeting/if/0/$ref", Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(json)).Pointer);
        var details = new FlagEvaluator(FlagDocument.ParseLenient(json)).EvaluateString("f", "fallback");
        Assert.Equal(("fallback", FlagErrorCode.ParseError), (details.Value, details.ErrorCode));
    }

    [Fact]
    public void Wrong_arity_of_a_flagd_operator_is_rejected_strictly_but_returns_null_leniently()
    {
        var json = TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "a": "A", "b": "B" }, "defaultVariant": "b", "targeting": { "starts_with": ["abc"] } }""");

        Assert.Equal("/flags/f/targeting/starts_with", Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(json)).Pointer);
        Assert.Equal(EvaluationReason.Default, new FlagEvaluator(FlagDocument.ParseLenient(json)).EvaluateString("f", "x").Reason);
    }

    [Fact]
    public void Shared_evaluators_are_used_through_ref()
    {
        var document = FlagDocument.Parse("""
            { "flags": { "f": { "state": "ENABLED", "variants": { "yes": true, "no": false }, "defaultVariant": "no",
                                "targeting": { "if": [{ "$ref": "is_staff" }, "yes", "no"] } } },
              "$evaluators": { "is_staff": { "ends_with": [{ "var": "email" }, "@slipway.dev"] } } }
            """);

        var details = new FlagEvaluator(document).EvaluateBoolean("f", false, EvaluationContext.CreateBuilder().Set("email", "ann@slipway.dev").Build());

        Assert.True(details.Value);
    }

    [Fact]
    public void A_document_round_trips_through_json()
    {
        var document = FlagDocument.Parse(TestFlags.Rollout);

        var again = FlagDocument.Parse(document.ToJson());

        Assert.Equal(document.Flags.Keys.Order(), again.Flags.Keys.Order());
        Assert.True(JsonElement.DeepEquals(document.Flags["new-checkout"].Json, again.Flags["new-checkout"].Json));
    }

    [Fact]
    public void With_flag_adds_a_flag_without_changing_the_original()
    {
        var document = FlagDocument.Parse(TestFlags.Rollout);

        var changed = document.WithFlag("extra", """{ "state": "ENABLED", "variants": { "on": true }, "defaultVariant": "on" }""").WithoutFlag("static-flag");

        Assert.True(changed.TryGetFlag("extra", out _));
        Assert.False(changed.TryGetFlag("static-flag", out _));
        Assert.False(document.TryGetFlag("extra", out _));
    }

    [Fact]
    public void With_flag_rejects_an_invalid_flag_with_a_pointer()
    {
        var document = FlagDocument.Parse(TestFlags.Rollout);

        var ex = Assert.Throws<FlagDefinitionException>(() => document.WithFlag("bad", """{ "state": "ENABLED", "variants": {} }"""));

        Assert.Equal("/flags/bad/variants", ex.Pointer);
    }

    [Fact]
    public void Flag_definitions_expose_their_parts()
    {
        var flag = FlagDocument.Parse(TestFlags.Rollout).Flags["new-checkout"];

        Assert.Equal(FlagState.Enabled, flag.State);
        Assert.Equal(["on", "off"], flag.VariantNames);
        Assert.Equal("off", flag.DefaultVariant);
        Assert.True(flag.HasTargeting);
        Assert.True(flag.Variants["on"].AsBoolean());
    }
}
