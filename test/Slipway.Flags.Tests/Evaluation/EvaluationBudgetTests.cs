namespace Slipway.Flags.Tests.Evaluation;

/// <summary>One evaluation does bounded work: past <see cref="FlagLimits.MaxEvaluationWork"/> it stops with ERROR / GENERAL, never hangs.</summary>
public sealed class EvaluationBudgetTests
{
    private static readonly string Thousand = "[" + string.Join(", ", Enumerable.Range(0, 1_000)) + "]";

    [Fact]
    public void Nested_loops_over_large_arrays_stop_at_the_work_budget_with_error_general()
    {
        // 1,000 x 1,000 items: a million predicate evaluations, past the budget.
        var evaluator = Evaluator($$"""{ "if": [{ "some": [{{Thousand}}, { "some": [{{Thousand}}, { "==": [{ "var": "" }, -1] }] }] }, "on", "off"] }""");

        var details = evaluator.EvaluateBoolean("f", true, Context());

        Assert.Equal((true, EvaluationReason.Error, FlagErrorCode.General), (details.Value, details.Reason, details.ErrorCode));
        Assert.Contains($"{FlagLimits.MaxEvaluationWork} node visits", details.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_loops_past_the_work_budget_stop_in_the_general_path_too()
    {
        var evaluator = Evaluator($$"""{ "if": [{ "all": [{{Thousand}}, { "all": [{{Thousand}}, { ">=": [{ "var": "" }, 0] }] }] }, "on", "off"] }""");

        var general = evaluator.Resolve("f", Context(), compiled: false);
        var compiled = evaluator.Resolve("f", Context(), compiled: true);

        Assert.Equal((EvaluationReason.Error, FlagErrorCode.General), (general.Reason, general.ErrorCode));
        Assert.Equal((EvaluationReason.Error, FlagErrorCode.General), (compiled.Reason, compiled.ErrorCode));
    }

    [Fact]
    public void A_reduce_that_doubles_a_string_each_step_stops_at_the_work_budget_instead_of_running_out_of_memory()
    {
        // 2^60 characters without a budget.
        var sixty = "[" + string.Join(", ", Enumerable.Range(0, 60)) + "]";
        var evaluator = Evaluator($$"""{ "if": [{ "==": [{ "reduce": [{{sixty}}, { "cat": [{ "var": "accumulator" }, { "var": "accumulator" }] }, "x"] }, "y"] }, "on", "off"] }""");

        var details = evaluator.EvaluateBoolean("f", true, Context());

        Assert.Equal((EvaluationReason.Error, FlagErrorCode.General), (details.Reason, details.ErrorCode));
    }

    [Fact]
    public void A_merge_that_doubles_an_array_each_step_stops_at_the_work_budget()
    {
        var sixty = "[" + string.Join(", ", Enumerable.Range(0, 60)) + "]";
        var evaluator = Evaluator($$"""{ "if": [{ "in": [-1, { "reduce": [{{sixty}}, { "merge": [{ "var": "accumulator" }, { "var": "accumulator" }] }, [1]] }] }, "on", "off"] }""");

        Assert.Equal(FlagErrorCode.General, evaluator.EvaluateBoolean("f", true, Context()).ErrorCode);
    }

    [Fact]
    public void Loops_within_the_work_budget_evaluate_as_before()
    {
        var evaluator = Evaluator($$"""{ "if": [{ "some": [{ "map": [{{Thousand}}, { "*": [{ "var": "" }, 2] }] }, { "==": [{ "var": "" }, 1998] }] }, "on", "off"] }""");

        var details = evaluator.EvaluateBoolean("f", false, Context());

        Assert.Equal((true, EvaluationReason.TargetingMatch), (details.Value, details.Reason));
    }

    [Fact]
    public void The_budget_is_per_evaluation_so_repeated_evaluations_keep_succeeding()
    {
        var evaluator = Evaluator($$"""{ "if": [{ "some": [{{Thousand}}, { "==": [{ "var": "" }, 999] }] }, "on", "off"] }""");

        for (var i = 0; i < 50; i++)
        {
            Assert.True(evaluator.EvaluateBoolean("f", false, Context()).Value);
        }
    }

    [Fact]
    public void Bulk_evaluation_stops_between_flags_when_the_caller_gives_up()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => TestFlags.Evaluator().EvaluateAll(Context(), cancelled.Token));
        Assert.Equal(7, TestFlags.Evaluator().EvaluateAll(Context(), TestContext.Current.CancellationToken).Count);
    }

    private static FlagEvaluator Evaluator(string targeting) => TestFlags.Evaluator(TestFlags.SingleFlag(
        $$"""{ "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off", "targeting": {{targeting}} }"""));

    private static EvaluationContext Context() => EvaluationContext.CreateBuilder("user-1").Build();
}
