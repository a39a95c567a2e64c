namespace Slipway.Flags.Tests.Evaluation;

/// <summary>
/// Targeting whose outcomes are all known variant names is compiled to variant indices when the flag is parsed.
/// These tests pin that the compiled form gives exactly what the general expression gives, and which shapes compile.
/// </summary>
public sealed class CompiledTargetingTests
{
    public static TheoryData<string> CompilableRules => new()
    {
        """ { "if": ["on"] } """,
        """ { "if": [false, "on"] } """,
        """ { "fractional": [["on", 20], ["off", 80]] } """,
        """ { "fractional": [{ "var": "email" }, ["on", 50], ["off", 50]] } """,
        """ { "fractional": [["on", 0], ["off", 0]] } """,
        """ { "if": [{ "in": [{ "var": "targetingKey" }, ["user-1", "user-2"]] }, "on"] } """,
        """ { "if": [{ "in": [{ "var": "group" }, ["beta", "staff"]] }, "on", { ">=": [{ "var": "age" }, 30] }, "on", "off"] } """,
        """ { "if": [{ "<": [{ "var": "age" }, 18] }, "off", { "fractional": [["on", 50], ["off", 50]] }] } """,
        """ { "if": [{ "and": [{ "==": [{ "var": "plan" }, "pro"] }, { "!": { "var": "blocked" } }] }, "on", { "if": [{ "or": [{ "starts_with": [{ "var": "email" }, "a"] }, { "in": ["x", { "var": "tags" }] }] }, "on", "off"] }] } """,
        """ { "if": [{ "in": [{ "var": "targetingKey", "default": "nobody" }, ["nobody"]] }, "on", "off"] } """,
        """ { "if": [{ "<=": [1, { "var": "age" }, 40] }, "on", "off"] } """,
        """ { "if": [{ ">": [{ "var": "age" }, "20"] }, "on", "off"] } """,
    };

    public static TheoryData<string> GeneralRules => new()
    {
        """ { "var": "chosen" } """,
        """ { "if": [true, "missing-variant"] } """,
        """ { "if": [true, true, false] } """,
        """ { "fractional": [["on", { "var": "weight" }], ["off", 50]] } """,
        """ { "if": [true, { "cat": ["o", "n"] }, "off"] } """,
    };

    private static readonly EvaluationContext[] Contexts =
    [
        EvaluationContext.Empty,
        EvaluationContext.Create(string.Empty),
        EvaluationContext.Create("user-1"),
        EvaluationContext.Create("visitor-7"),
        EvaluationContext.CreateBuilder("v-1").Set("group", "staff").Set("age", 12).Build(),
        EvaluationContext.CreateBuilder("v-2").Set("group", "customers").Set("age", 40).Set("email", "ann@example.com").Build(),
        EvaluationContext.CreateBuilder("v-3").Set("age", "35").Set("plan", "pro").Set("blocked", false).Build(),
        EvaluationContext.CreateBuilder("v-4").Set("age", double.NaN).Set("plan", "pro").Set("blocked", true).Set("tags", FlagValue.FromArray(["x"])).Build(),
        EvaluationContext.CreateBuilder(null).Set("age", 19).Set("chosen", "on").Set("weight", 10).Build(),
        EvaluationContext.CreateBuilder(null).Set("targetingKey", "from-attribute").Set("age", FlagValue.Null).Build(),
    ];

    [Theory]
    [MemberData(nameof(CompilableRules))]
    public void A_rule_with_known_outcomes_compiles_and_agrees_with_the_general_expression(string rule)
    {
        var evaluator = EvaluatorFor(rule);

        Assert.NotNull(evaluator.Document.Flags["f"].Choice);
        AssertSameResolutions(evaluator);
    }

    [Theory]
    [MemberData(nameof(GeneralRules))]
    public void A_rule_whose_outcome_is_only_known_when_evaluated_runs_as_the_general_expression(string rule)
    {
        var evaluator = EvaluatorFor(rule);

        Assert.Null(evaluator.Document.Flags["f"].Choice);
        AssertSameResolutions(evaluator);
    }

    [Fact]
    public void The_benchmark_flag_compiles()
    {
        Assert.NotNull(TestFlags.Evaluator().Document.Flags["new-checkout"].Choice);
    }

    [Fact]
    public void A_split_without_a_targeting_key_serves_the_default_variant_in_the_compiled_form()
    {
        var details = EvaluatorFor(""" { "fractional": [["on", 50], ["off", 50]] } """).EvaluateBoolean("f", true);

        Assert.Equal((false, "off", EvaluationReason.Default, FlagErrorCode.None), (details.Value, details.Variant, details.Reason, details.ErrorCode));
    }

    private static FlagEvaluator EvaluatorFor(string rule) => new(FlagDocument.ParseLenient($$"""
        { "flags": { "f": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off", "targeting": {{rule}} } } }
        """));

    private static void AssertSameResolutions(FlagEvaluator evaluator)
    {
        foreach (var context in Contexts)
        {
            var compiled = evaluator.Resolve("f", context, compiled: true);
            var general = evaluator.Resolve("f", context, compiled: false);

            Assert.Equal((general.VariantIndex, general.Reason, general.ErrorCode, general.ErrorMessage), (compiled.VariantIndex, compiled.Reason, compiled.ErrorCode, compiled.ErrorMessage));
        }
    }
}
