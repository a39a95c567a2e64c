namespace Slipway.Flags.JsonLogic;

/// <summary><c>if</c> with compiled outcomes: the first condition that holds picks its outcome, else the last one.</summary>
internal sealed class RuleChain : VariantChoice
{
    private readonly Node[] _conditions;
    private readonly VariantChoice[] _outcomes;
    private readonly VariantChoice _otherwise;

    private RuleChain(Node[] conditions, VariantChoice[] outcomes, VariantChoice otherwise)
    {
        _conditions = conditions;
        _outcomes = outcomes;
        _otherwise = otherwise;
    }

    public static RuleChain? TryCompile(Node[] args, Func<string, int> indexOfVariant)
    {
        var pairs = args.Length / 2;
        var conditions = new Node[pairs];
        var outcomes = new VariantChoice[pairs];
        for (var i = 0; i < pairs; i++)
        {
            conditions[i] = args[2 * i];
            if (TryCompile(args[(2 * i) + 1], indexOfVariant) is not { } outcome)
            {
                return null;
            }

            outcomes[i] = outcome;
        }

        VariantChoice otherwise = FixedVariant.None;
        if (args.Length % 2 == 1)
        {
            if (TryCompile(args[^1], indexOfVariant) is not { } last)
            {
                return null;
            }

            otherwise = last;
        }

        return new RuleChain(conditions, outcomes, otherwise);
    }

    public override int Choose(ref EvalScope scope)
    {
        var conditions = _conditions;
        for (var i = 0; i < conditions.Length; i++)
        {
            if (conditions[i].IsTrue(ref scope))
            {
                return _outcomes[i].Choose(ref scope);
            }
        }

        return _otherwise.Choose(ref scope);
    }
}
