namespace Slipway.Flags.JsonLogic;

/// <summary><c>!</c> (negate) and <c>!!</c> (to boolean).</summary>
internal sealed class NotNode(Node? arg, bool negate) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var truthy = arg is not null && JsSemantics.IsTruthy(arg.Evaluate(ref scope));
        return FlagValue.From(negate ? !truthy : truthy);
    }
}
