namespace Slipway.Flags.JsonLogic;

/// <summary><c>or</c>: the first truthy value, or the last value.</summary>
internal sealed class OrNode(Node[] args) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        FlagValue value = default;
        foreach (var arg in args)
        {
            value = arg.Evaluate(ref scope);
            if (JsSemantics.IsTruthy(value))
            {
                return value;
            }
        }

        return value;
    }

    public override bool IsTrue(ref EvalScope scope)
    {
        foreach (var arg in args)
        {
            if (arg.IsTrue(ref scope))
            {
                return true;
            }
        }

        return false;
    }
}
