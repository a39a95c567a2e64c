namespace Slipway.Flags.JsonLogic;

/// <summary><c>map</c> and <c>filter</c>: [array, logic], where <c>var</c> reads the item. Each item costs <paramref name="bodyCost"/> of the evaluation's work budget.</summary>
internal sealed class MapFilterNode(bool filter, Node array, Node logic, int bodyCost) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var items = array.Evaluate(ref scope);
        if (items.Kind != FlagValueKind.Array)
        {
            return FlagValue.FromArrayUnsafe([]);
        }

        var savedData = scope.Data;
        var savedHasData = scope.HasData;
        var result = new List<FlagValue>(items.ArrayLength);
        try
        {
            foreach (var item in items.ArrayItems)
            {
                scope.Charge(bodyCost);
                scope.Data = item;
                scope.HasData = true;
                var value = logic.Evaluate(ref scope);
                if (!filter)
                {
                    result.Add(value);
                }
                else if (JsSemantics.IsTruthy(value))
                {
                    result.Add(item);
                }
            }
        }
        finally
        {
            scope.Data = savedData;
            scope.HasData = savedHasData;
        }

        return FlagValue.FromArrayUnsafe([.. result]);
    }
}
