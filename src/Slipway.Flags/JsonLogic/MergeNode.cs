namespace Slipway.Flags.JsonLogic;

/// <summary><c>merge</c>: flattens its arguments one level into one array.</summary>
internal sealed class MergeNode(Node[] args) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var result = new List<FlagValue>();
        foreach (var arg in args)
        {
            var value = arg.Evaluate(ref scope);
            if (value.Kind == FlagValueKind.Array)
            {
                scope.Charge(value.ArrayLength);
                foreach (var item in value.ArrayItems)
                {
                    result.Add(item);
                }
            }
            else
            {
                result.Add(value);
            }
        }

        return FlagValue.FromArrayUnsafe([.. result]);
    }
}
