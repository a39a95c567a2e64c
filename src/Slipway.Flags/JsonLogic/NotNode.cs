namespace Slipway.Flags.JsonLogic;

/// <summary><c>!</c> (negate) and <c>!!</c> (to boolean).</summary>
internal sealed class NotNode(Node? arg, bool negate) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope) => FlagValue.From(IsTrue(ref scope));

    public override bool IsTrue(ref EvalScope scope)
    {
        var truthy = arg is not null && arg.IsTrue(ref scope);
        return negate ? !truthy : truthy;
    }
}
