namespace Slipway.Flags.Tests.JsonLogic;

/// <summary>Each operator, through a flag whose variant is chosen by the rule's result.</summary>
public sealed class JsonLogicOperatorTests
{
    [Theory]
    [InlineData("""{ "==": [1, "1"] }""", true)]
    [InlineData("""{ "===": [1, "1"] }""", false)]
    [InlineData("""{ "!=": ["a", "b"] }""", true)]
    [InlineData("""{ "!==": [1, 1] }""", false)]
    [InlineData("""{ "<": [1, 2, 3] }""", true)]
    [InlineData("""{ "<=": [1, 1] }""", true)]
    [InlineData("""{ ">": ["b", "a"] }""", true)]
    [InlineData("""{ ">=": [{ "var": "age" }, 18] }""", true)]
    [InlineData("""{ "and": [true, { "var": "name" }] }""", true)]
    [InlineData("""{ "or": [false, 0, ""] }""", false)]
    [InlineData("""{ "!": [[]] }""", true)]
    [InlineData("""{ "!!": ["0"] }""", true)]
    [InlineData("""{ "in": ["Spring", "Springfield"] }""", true)]
    [InlineData("""{ "in": [{ "var": "tier" }, ["gold", "silver"]] }""", true)]
    [InlineData("""{ "in": [{ "var": "tier" }, ["bold", "silver"]] }""", false)]
    [InlineData("""{ "in": [{ "var": "tier" }, ["platinum", "silver"]] }""", false)]
    [InlineData("""{ "in": [{ "var": "long" }, ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "gold"]] }""", true)]
    [InlineData("""{ "in": [{ "var": "long" }, ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy"]] }""", false)]
    [InlineData("""{ "==": [{ "cat": ["I love", " ", "pie"] }, "I love pie"] }""", true)]
    [InlineData("""{ "==": [{ "substr": ["jsonlogic", -5] }, "logic"] }""", true)]
    [InlineData("""{ "==": [{ "substr": ["jsonlogic", 1, -5] }, "son"] }""", true)]
    [InlineData("""{ "==": [{ "+": [1, "2", 3] }, 6] }""", true)]
    [InlineData("""{ "==": [{ "*": [2, 3] }, 6] }""", true)]
    [InlineData("""{ "==": [{ "-": [2] }, -2] }""", true)]
    [InlineData("""{ "==": [{ "/": [9, 3] }, 3] }""", true)]
    [InlineData("""{ "==": [{ "%": [7, 3] }, 1] }""", true)]
    [InlineData("""{ "==": [{ "max": [1, 9, 3] }, 9] }""", true)]
    [InlineData("""{ "==": [{ "min": [1, 9, 3] }, 1] }""", true)]
    [InlineData("""{ "in": [3, { "merge": [[1, 2], 3] }] }""", true)]
    [InlineData("""{ "!": { "missing": ["name", "age"] } }""", true)]
    [InlineData("""{ "==": [{ "cat": { "missing": ["name", "nope"] } }, "nope"] }""", true)]
    [InlineData("""{ "!": { "missing_some": [1, ["nope", "name"]] } }""", true)]
    [InlineData("""{ "some": [{ "var": "roles" }, { "==": [{ "var": "" }, "admin"] }] }""", true)]
    [InlineData("""{ "all": [{ "var": "roles" }, { "in": [{ "var": "" }, ["admin", "dev"]] }] }""", true)]
    [InlineData("""{ "none": [{ "var": "roles" }, { "==": [{ "var": "" }, "guest"] }] }""", true)]
    [InlineData("""{ "all": [[], true] }""", false)]
    [InlineData("""{ "==": [{ "reduce": [[1, 2, 3], { "+": [{ "var": "current" }, { "var": "accumulator" }] }, 0] }, 6] }""", true)]
    [InlineData("""{ "in": [4, { "map": [[1, 2], { "*": [{ "var": "" }, 2] }] }] }""", true)]
    [InlineData("""{ "in": [1, { "filter": [[1, 2, 3], { "%": [{ "var": "" }, 2] }] }] }""", true)]
    [InlineData("""{ "==": [{ "var": ["nope", "dflt"] }, "dflt"] }""", true)]
    [InlineData("""{ "==": [{ "var": "address.city" }, "Oslo"] }""", true)]
    [InlineData("""{ "==": [{ "var": "$flagd.flagKey" }, "f"] }""", true)]
    [InlineData("""{ "==": [{ "var": "targetingKey" }, "user-9"] }""", true)]
    [InlineData("""{ "if": [false, "x", true] }""", true)]
    [InlineData("""{ "?:": [true, false, true] }""", false)]
    [InlineData("""{ "sem_ver": [{ "var": "appVersion" }, ">=", "2.3.0"] }""", true)]
    [InlineData("""{ "sem_ver": [{ "var": "appVersion" }, "~", "2.4.0"] }""", true)]
    [InlineData("""{ "sem_ver": ["1", "=", "1.0.0"] }""", true)]
    [InlineData("""{ "sem_ver": ["1.0", "<", "1.0.1"] }""", true)]
    [InlineData("""{ "sem_ver": ["2.0.0-alpha", "<", "2.0.0"] }""", true)]
    [InlineData("""{ "starts_with": [{ "var": "name" }, "Ad"] }""", true)]
    [InlineData("""{ "ends_with": [{ "var": "name" }, "da"] }""", true)]
    public void Operator_gives_the_expected_truth(string rule, bool expected)
    {
        var evaluator = TestFlags.Evaluator(TestFlags.SingleFlag(
            $$"""{ "state": "ENABLED", "variants": { "true": "yes", "false": "no" }, "defaultVariant": "false", "targeting": { "if": [{{rule}}, "true", "false"] } }"""));
        var context = EvaluationContext.CreateBuilder("user-9")
            .Set("age", 30)
            .Set("name", "Ada")
            .Set("tier", "gold")
            .Set("long", new string('x', 70))
            .Set("appVersion", "v2.4.1")
            .Set("roles", FlagValue.FromArray(["admin", "dev"]))
            .Set("address", FlagValue.FromObject([new("city", "Oslo")]))
            .Build();

        var details = evaluator.EvaluateString("f", "error", context);

        Assert.Equal(FlagErrorCode.None, details.ErrorCode);
        Assert.Equal(expected ? "yes" : "no", details.Value);
    }

    [Fact]
    public void A_context_key_containing_dots_is_found_by_var()
    {
        var evaluator = TestFlags.Evaluator(TestFlags.SingleFlag(
            """{ "state": "ENABLED", "variants": { "a": "A", "b": "B" }, "defaultVariant": "b", "targeting": { "if": [{ "==": [{ "var": "user.plan" }, "pro"] }, "a"] } }"""));

        Assert.Equal("A", evaluator.EvaluateString("f", "?", EvaluationContext.CreateBuilder().Set("user.plan", "pro").Build()).Value);
    }

    [Fact]
    public void An_explicit_bucket_key_shares_buckets_across_flags()
    {
        var evaluator = TestFlags.Evaluator("""
            { "flags": {
                "a": { "state": "ENABLED", "variants": { "x": "x", "y": "y" }, "defaultVariant": "x", "targeting": { "fractional": [{ "var": "orgId" }, ["x", 50], ["y", 50]] } },
                "b": { "state": "ENABLED", "variants": { "x": "x", "y": "y" }, "defaultVariant": "x", "targeting": { "fractional": [{ "var": "orgId" }, ["x", 50], ["y", 50]] } } } }
            """);

        for (var i = 0; i < 50; i++)
        {
            var context = EvaluationContext.CreateBuilder().Set("orgId", $"org-{i}").Build();
            Assert.Equal(evaluator.EvaluateString("a", "?", context).Value, evaluator.EvaluateString("b", "?", context).Value);
        }
    }
}
