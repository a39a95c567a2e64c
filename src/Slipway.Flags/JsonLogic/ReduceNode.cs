namespace Slipway.Flags.JsonLogic;

/// <summary>
/// <c>reduce</c>: [array, logic, initial], where <c>var</c> reads <c>current</c> and <c>accumulator</c>. Each item costs
/// <paramref name="bodyCost"/> of the evaluation's work budget.
/// </summary>
internal sealed class ReduceNode(Node array, Node logic, Node? initial, int bodyCost) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var accumulator = initial?.Evaluate(ref scope) ?? default;
        var items = array.Evaluate(ref scope);
        if (items.Kind != FlagValueKind.Array)
        {
            return accumulator;
        }

        var savedData = scope.Data;
        var savedHasData = scope.HasData;
        try
        {
            foreach (var item in items.ArrayItems)
            {
                scope.Charge(bodyCost);
                scope.Data = FlagValue.FromObjectUnsafe(new FlagObject(["current", "accumulator"], [item, accumulator]));
                scope.HasData = true;
                accumulator = logic.Evaluate(ref scope);
            }
        }
        finally
        {
            scope.Data = savedData;
            scope.HasData = savedHasData;
        }

        return accumulator;
    }
}
