namespace Slipway.Flags.JsonLogic;

/// <summary><c>==</c>, <c>===</c>, <c>!=</c>, <c>!==</c>.</summary>
internal sealed class EqualityNode(Node left, Node right, bool strict, bool negate) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope) => FlagValue.From(IsTrue(ref scope));

    public override bool IsTrue(ref EvalScope scope)
    {
        var a = left.Evaluate(ref scope);
        var b = right.Evaluate(ref scope);
        var equal = strict ? JsSemantics.StrictEquals(a, b) : JsSemantics.LooseEquals(a, b);
        return equal != negate;
    }
}
