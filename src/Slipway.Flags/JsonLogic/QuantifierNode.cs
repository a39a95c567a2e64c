namespace Slipway.Flags.JsonLogic;

/// <summary>
/// <c>some</c>, <c>all</c>, <c>none</c>: [array, predicate], where <c>var</c> in the predicate reads the item. Each item
/// costs <paramref name="bodyCost"/> of the evaluation's work budget.
/// </summary>
internal sealed class QuantifierNode(string op, Node array, Node predicate, int bodyCost) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var items = array.Evaluate(ref scope);
        if (items.Kind != FlagValueKind.Array || items.ArrayLength == 0)
        {
            return FlagValue.From(op == "none");
        }

        var savedData = scope.Data;
        var savedHasData = scope.HasData;
        try
        {
            foreach (var item in items.ArrayItems)
            {
                scope.Charge(bodyCost);
                scope.Data = item;
                scope.HasData = true;
                var holds = JsSemantics.IsTruthy(predicate.Evaluate(ref scope));
                if (op == "all" && !holds)
                {
                    return FlagValue.False;
                }

                if (op != "all" && holds)
                {
                    return FlagValue.From(op == "some");
                }
            }

            return FlagValue.From(op != "some");
        }
        finally
        {
            scope.Data = savedData;
            scope.HasData = savedHasData;
        }
    }
}
