namespace Slipway.Flags.JsonLogic;

/// <summary><c>var</c> whose path is itself an expression. Rare; builds a <see cref="VarNode"/> per call.</summary>
internal sealed class DynamicVarNode(Node path, Node? defaultValue) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var name = path.Evaluate(ref scope);
        var text = name.IsNull ? string.Empty : JsSemantics.ToJsString(name);
        return new VarNode(text, defaultValue).Evaluate(ref scope);
    }
}
