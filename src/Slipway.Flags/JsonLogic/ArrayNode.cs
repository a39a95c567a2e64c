namespace Slipway.Flags.JsonLogic;

/// <summary>An array literal with at least one non-constant item.</summary>
internal sealed class ArrayNode(Node[] items) : Node
{
    public Node[] Items { get; } = items;

    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var values = new FlagValue[Items.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Items[i].Evaluate(ref scope);
        }

        return FlagValue.FromArrayUnsafe(values);
    }
}
