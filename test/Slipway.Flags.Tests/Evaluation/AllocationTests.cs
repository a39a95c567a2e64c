namespace Slipway.Flags.Tests.Evaluation;

/// <summary>The hot path allocates nothing. (Counted bytes, not time: this is behaviour, not a benchmark.)</summary>
public sealed class AllocationTests
{
    private readonly FlagEvaluator _evaluator = TestFlags.Evaluator();

    [Fact]
    public void Evaluating_a_boolean_flag_with_rules_and_a_split_allocates_nothing()
    {
        var context = EvaluationContext.CreateBuilder("visitor-7").Set("group", "customers").Set("accountAgeDays", 12).Build();

        Assert.Equal(0, AllocatedBytes(() => _evaluator.EvaluateBoolean("new-checkout", false, context)));
    }

    [Fact]
    public void Evaluating_a_string_flag_with_a_string_rule_and_a_split_allocates_nothing()
    {
        var context = EvaluationContext.CreateBuilder("visitor-7").Set("email", "someone@elsewhere.org").Build();

        Assert.Equal(0, AllocatedBytes(() => _evaluator.EvaluateString("greeting", "?", context)));
    }

    [Fact]
    public void Evaluating_a_static_flag_allocates_nothing()
    {
        Assert.Equal(0, AllocatedBytes(() => _evaluator.EvaluateString("static-flag", "?")));
    }

    private static long AllocatedBytes<T>(Func<T> evaluate)
    {
        for (var i = 0; i < 1_000; i++)
        {
            evaluate();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            evaluate();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
