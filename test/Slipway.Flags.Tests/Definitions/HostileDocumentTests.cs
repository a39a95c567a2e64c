using System.Text;

namespace Slipway.Flags.Tests.Definitions;

/// <summary>Every flag document is hostile: each case from "Lock it down" (issue 10) is refused with a pointer and a reason.</summary>
public sealed class HostileDocumentTests
{
    [Fact]
    public void Evaluators_that_each_ref_the_previous_one_twice_are_refused_once_the_expansion_passes_the_node_budget()
    {
        // 30 levels would take 2^30 node visits per evaluation; measuring is linear in the document.
        var result = FlagDocument.Validate(DoublingRefs(levels: 30));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors, e => e.Pointer == "/flags/f/targeting");
        Assert.Contains($"more than {FlagLimits.MaxExpandedNodes} nodes", error.Reason, StringComparison.Ordinal);
        Assert.Contains("$ref", error.Reason, StringComparison.Ordinal);
        Assert.Contains(result.Errors, e => e.Pointer == "/$evaluators/e_30");
    }

    [Theory]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"on":true,"off":"\uD83D"},"defaultVariant":"on"}}}""", "/flags/f/variants/off")]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"on":true,"\uDE80x":false},"defaultVariant":"on"}}}""", "/flags/f/variants")]
    public void A_string_with_half_a_surrogate_pair_is_refused_with_its_pointer_instead_of_throwing_when_read(string json, string pointer)
    {
        // Found by the server's flag document fuzz suite (seed 2RJokGmqQlU1): the JSON reader accepts "\uD83D" alone,
        // and reading that string later threw InvalidOperationException out of Validate, Parse and ParseLenient.
        var result = FlagDocument.Validate(json);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(pointer, error.Pointer);
        Assert.Contains("surrogate", error.Reason, StringComparison.Ordinal);
        Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(json));
    }

    [Fact]
    public void A_doubling_document_past_the_node_budget_resolves_to_parse_error_when_read_leniently()
    {
        var details = new FlagEvaluator(FlagDocument.ParseLenient(DoublingRefs(levels: 30))).EvaluateBoolean("f", false, Context("u"));

        Assert.Equal((false, EvaluationReason.Error, FlagErrorCode.ParseError), (details.Value, details.Reason, details.ErrorCode));
    }

    [Fact]
    public void Evaluators_shared_within_the_node_budget_are_accepted_and_evaluate()
    {
        var details = TestFlags.Evaluator(DoublingRefs(levels: 6)).EvaluateBoolean("f", false, Context("u"));

        Assert.Equal((true, EvaluationReason.TargetingMatch), (details.Value, details.Reason));
    }

    [Fact]
    public void A_problem_in_an_evaluator_that_many_levels_share_is_reported_once_per_place_not_once_per_path()
    {
        var json = DoublingRefs(levels: 30).Replace("""{ "==": [1, 1] }""", """{ "sounds_like": [1, 1] }""", StringComparison.Ordinal);

        var result = FlagDocument.Validate(json);

        Assert.Contains(result.Errors, e => e.Pointer == "/$evaluators/e_0/sounds_like");
        Assert.True(result.Errors.Count < 100, $"{result.Errors.Count} errors");
    }

    [Fact]
    public void Evaluators_that_refer_to_each_other_in_a_cycle_are_refused_naming_the_evaluator()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse("""
            { "flags": { "f": { "state": "ENABLED", "variants": { "a": true }, "defaultVariant": "a", "targeting": { "if": [{ "$ref": "ping" }, "a"] } } },
              "$evaluators": { "ping": { "!": { "$ref": "pong" } }, "pong": { "!": { "$ref": "ping" } } } }
            """));

        Assert.Contains(ex.Errors, e => e.Pointer.StartsWith("/$evaluators/p", StringComparison.Ordinal) && e.Reason.Contains("cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ref_to_an_evaluator_that_does_not_exist_is_refused_naming_it()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(TestFlags.SingleFlag(
            """{ "state": "ENABLED", "variants": { "a": true }, "defaultVariant": "a", "targeting": { "if": [{ "$ref": "ghost" }, "a"] } }""")));

        Assert.Equal("/flags/f/targeting/if/0/$ref", ex.Pointer);
        Assert.Contains("'ghost'", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_of_thousands_of_evaluators_is_refused_past_the_expanded_depth_without_overflowing_the_stack()
    {
        var evaluators = new StringBuilder("""{ "e_0": { "==": [1, 1] }""");
        for (var i = 1; i <= 5_000; i++)
        {
            evaluators.Append($$""", "e_{{i}}": { "!": { "$ref": "e_{{i - 1}}" } }""");
        }

        var json = $$"""
            { "flags": { "f": { "state": "ENABLED", "variants": { "a": true, "b": false }, "defaultVariant": "b", "targeting": { "if": [{ "$ref": "e_5000" }, "a"] } } },
              "$evaluators": {{evaluators}} } }
            """;

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(json));

        Assert.Contains(ex.Errors, e => e.Pointer == "/flags/f/targeting" && e.Reason.Contains($"more than {FlagLimits.MaxExpandedDepth} levels", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_over_one_mebibyte_is_refused_with_its_size_and_the_limit()
    {
        var padding = new string('x', 2 * 1024 * 1024);
        var json = TestFlags.SingleFlag($$"""{ "state": "ENABLED", "variants": { "a": "{{padding}}" }, "defaultVariant": "a" }""");

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(json));

        Assert.Equal(string.Empty, ex.Pointer);
        Assert.Contains($"the limit is {FlagLimits.MaxDocumentBytes} bytes", ex.Reason, StringComparison.Ordinal);
        Assert.Contains($"{Encoding.UTF8.GetByteCount(json)} bytes", ex.Reason, StringComparison.Ordinal);
        Assert.Throws<FlagDefinitionException>(() => FlagDocument.ParseLenient(json));
    }

    [Fact]
    public void A_document_nested_100000_levels_deep_is_refused_by_the_reader_without_overflowing_the_stack()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var json = TestFlags.SingleFlag($$"""{ "state": "ENABLED", "variants": { "a": {{deep}} }, "defaultVariant": "a" }""");

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(json));

        Assert.Contains($"{FlagLimits.MaxDepth}", ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith("/flags/f/variants/a/0/0/0", ex.Pointer, StringComparison.Ordinal);
        Assert.Contains("nests deeper than 64 levels", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_set_from_text_nested_past_the_depth_limit_is_refused()
    {
        var deep = new string('[', 1_000) + new string(']', 1_000);

        Assert.Throws<FlagDefinitionException>(() => FlagDocument.Empty.WithFlag("f", $$"""{ "state": "ENABLED", "variants": { "a": {{deep}} }, "defaultVariant": "a" }"""));
    }

    [Fact]
    public void More_than_ten_thousand_flags_are_refused_with_the_count_and_the_limit()
    {
        var flags = string.Join(", ", Enumerable.Range(0, FlagLimits.MaxFlags + 1).Select(i => $$"""
            "f{{i}}": { "state": "ENABLED", "variants": { "a": true }, "defaultVariant": "a" }
            """));

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse($$"""{ "flags": { {{flags}} } }"""));

        Assert.Equal("/flags", ex.Pointer);
        Assert.Contains($"{FlagLimits.MaxFlags + 1} flags; the limit is {FlagLimits.MaxFlags}", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("ünïcode")]
    public void A_flag_key_outside_letters_digits_dots_underscores_and_dashes_is_refused(string key)
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(DocumentWithKey(key)));

        Assert.Equal("/flags/" + key.Replace("/", "~1", StringComparison.Ordinal), ex.Pointer);
        Assert.Contains("flag key", ex.Reason, StringComparison.Ordinal);
        Assert.Throws<FlagDefinitionException>(() => FlagDocument.Empty.WithFlag(key, SimpleFlag));
        Assert.NotEmpty(FlagDocument.Empty.ValidateFlag(key, System.Text.Json.JsonDocument.Parse(SimpleFlag).RootElement));
    }

    [Fact]
    public void A_flag_key_of_10000_characters_is_refused_and_the_message_does_not_repeat_it()
    {
        var key = new string('k', 10_000);

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(DocumentWithKey(key)));

        Assert.Contains($"is 10000 characters; a flag key is 1 to {FlagLimits.MaxKeyLength} characters", ex.Reason, StringComparison.Ordinal);
        Assert.True(ex.Reason.Length < 400, ex.Reason);
        Assert.False(FlagDocument.ParseLenient(DocumentWithKey(key)).TryGetFlag(key, out _));
    }

    [Theory]
    [InlineData("new-checkout")]
    [InlineData("a.b_c-1")]
    [InlineData("_private")]
    public void A_flag_key_of_letters_digits_dots_underscores_and_dashes_is_accepted(string key)
    {
        Assert.True(FlagDocument.Parse(DocumentWithKey(key)).TryGetFlag(key, out _));
        Assert.True(FlagDocument.Parse(DocumentWithKey(new string('k', FlagLimits.MaxKeyLength))).Flags.Count == 1);
    }

    [Fact]
    public void A_variant_name_longer_than_256_characters_is_refused()
    {
        var name = new string('v', FlagLimits.MaxVariantNameLength + 1);

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(TestFlags.SingleFlag($$"""{ "state": "ENABLED", "variants": { "{{name}}": true } }""")));

        Assert.StartsWith("/flags/f/variants/vvvv", ex.Pointer, StringComparison.Ordinal);
        Assert.Contains($"the limit is {FlagLimits.MaxVariantNameLength}", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_default_variant_is_kept_because_flagd_defines_it_as_the_callers_default()
    {
        // flagd-testbed's null-default-flag: "defaultVariant": null resolves to the code default, reason DEFAULT.
        var evaluator = TestFlags.Evaluator(TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": null }"""));

        var details = evaluator.EvaluateBoolean("f", true);

        Assert.Equal((true, (string?)null, EvaluationReason.Default, FlagErrorCode.None), (details.Value, details.Variant, details.Reason, details.ErrorCode));
    }

    [Fact]
    public void Targeting_whose_literal_result_names_no_variant_is_refused_and_still_resolves_to_general_leniently()
    {
        var json = TestFlags.SingleFlag("""{ "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off", "targeting": { "if": [{ "==": [1, 1] }, "onn", "off"] } }""");

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(json));

        Assert.Equal("/flags/f/targeting/if/1", ex.Pointer);
        Assert.Contains("'onn', which is not one of the variants (on, off)", ex.Reason, StringComparison.Ordinal);
        var details = new FlagEvaluator(FlagDocument.ParseLenient(json)).EvaluateBoolean("f", false);
        Assert.Equal(FlagErrorCode.General, details.ErrorCode);
    }

    [Fact]
    public void A_split_bucket_that_names_no_variant_is_refused()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(TestFlags.SingleFlag(
            """{ "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off", "targeting": { "fractional": [["on", 50], ["of", 50]] } }""")));

        Assert.Equal("/flags/f/targeting/fractional/1/0", ex.Pointer);
    }

    [Fact]
    public void A_fractional_weight_of_two_to_the_62nd_is_refused()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(Split("""[["on", 4611686018427387904], ["off", 1]]""")));

        Assert.Equal("/flags/f/targeting/fractional/0/1", ex.Pointer);
        Assert.Contains($"cannot exceed {FlagLimits.MaxFractionalWeight}", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_fractional_weight_is_refused()
    {
        Assert.Equal("/flags/f/targeting/fractional/1/1", Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(Split("""[["on", 50], ["off", -50]]"""))).Pointer);
    }

    [Fact]
    public void Fractional_weights_that_add_up_past_the_32_bit_limit_are_refused()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse(Split("""[["on", 2147483647], ["off", 2147483647]]""")));

        Assert.Equal("/flags/f/targeting/fractional", ex.Pointer);
        Assert.Contains("add up to 4294967294", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_whose_weights_add_up_past_32_bits_still_buckets_without_overflow_when_read_leniently()
    {
        // Three capped weights: hash * total no longer fits 64 bits, and the highest hash must land in the last bucket.
        long[] weights = [int.MaxValue, int.MaxValue, int.MaxValue];

        Assert.Equal(2, Slipway.Flags.JsonLogic.FractionalNode.Bucket(uint.MaxValue, weights, weights.Sum()));
        Assert.Equal(0, Slipway.Flags.JsonLogic.FractionalNode.Bucket(0, weights, weights.Sum()));
    }

    [Fact]
    public void A_document_with_the_flags_key_twice_is_refused()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse($$"""{ "flags": { "a": {{SimpleFlag}} }, "flags": { "b": {{SimpleFlag}} } }"""));

        Assert.Equal("/flags", ex.Pointer);
        Assert.Contains("'flags' appears twice in the document", ex.Reason, StringComparison.Ordinal);
        Assert.Throws<FlagDefinitionException>(() => FlagDocument.ParseLenient($$"""{ "flags": { "a": {{SimpleFlag}} }, "flags": { "b": {{SimpleFlag}} } }"""));
    }

    [Fact]
    public void A_document_with_a_flag_key_twice_is_refused_naming_the_flag()
    {
        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Parse($$"""{ "flags": { "twice": {{SimpleFlag}}, "twice": {{SimpleFlag}} } }"""));

        Assert.Equal("/flags/twice", ex.Pointer);
        Assert.Contains("'twice' appears twice in /flags", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_set_as_an_element_with_a_name_twice_is_refused_naming_the_field()
    {
        // What a request body gives: JsonDocument's defaults keep both names.
        using var body = System.Text.Json.JsonDocument.Parse("""{ "state": "ENABLED", "variants": { "a": true, "a": false }, "defaultVariant": "a" }""");

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Empty.WithFlag("f", body.RootElement));

        Assert.Equal("/flags/f/variants/a", ex.Pointer);
        Assert.Contains("'a' appears twice in /flags/f/variants", ex.Reason, StringComparison.Ordinal);
        Assert.Equal("/flags/f/variants/a", Assert.Single(FlagDocument.Empty.ValidateFlag("f", body.RootElement)).Pointer);
    }

    [Fact]
    public void A_flag_set_as_an_element_nested_past_the_depth_limit_is_refused()
    {
        var deep = new string('[', 500) + new string(']', 500);
        using var body = System.Text.Json.JsonDocument.Parse(
            $$"""{ "state": "ENABLED", "variants": { "a": {{deep}} }, "defaultVariant": "a" }""",
            new System.Text.Json.JsonDocumentOptions { MaxDepth = 1_000 });

        var ex = Assert.Throws<FlagDefinitionException>(() => FlagDocument.Empty.WithFlag("f", body.RootElement));

        Assert.StartsWith("/flags/f/variants/a/0/0", ex.Pointer, StringComparison.Ordinal);
        Assert.False(FlagDocument.Empty.WithChanges([KeyValuePair.Create("f", (System.Text.Json.JsonElement?)body.RootElement)]).TryGetFlag("f", out _));
    }

    [Fact]
    public void An_api_can_check_a_flag_key_before_reading_the_body()
    {
        Assert.True(FlagLimits.IsValidFlagKey("new-checkout"));
        Assert.False(FlagLimits.IsValidFlagKey("../../etc"));
        Assert.False(FlagLimits.IsValidFlagKey(new string('k', FlagLimits.MaxKeyLength + 1)));
    }

    private const string SimpleFlag = """{ "state": "ENABLED", "variants": { "a": true }, "defaultVariant": "a" }""";

    private static string DocumentWithKey(string key) =>
        $$"""{ "flags": { {{System.Text.Json.JsonSerializer.Serialize(key)}}: {{SimpleFlag}} } }""";

    private static string Split(string buckets) => TestFlags.SingleFlag(
        $$"""{ "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off", "targeting": { "fractional": {{buckets}} } }""");

    private static EvaluationContext Context(string key) => EvaluationContext.CreateBuilder(key).Build();

    /// <summary><c>e_i = {"or":[{"$ref":"e_(i-1)"},{"$ref":"e_(i-1)"}]}</c>, and a flag that uses the top one.</summary>
    internal static string DoublingRefs(int levels)
    {
        var evaluators = new StringBuilder("""{ "e_0": { "==": [1, 1] }""");
        for (var i = 1; i <= levels; i++)
        {
            evaluators.Append($$""", "e_{{i}}": { "or": [{ "$ref": "e_{{i - 1}}" }, { "$ref": "e_{{i - 1}}" }] }""");
        }

        return $$"""
            { "flags": { "f": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off", "targeting": { "if": [{ "$ref": "e_{{levels}}" }, "on", "off"] } } },
              "$evaluators": {{evaluators}} } }
            """;
    }
}
