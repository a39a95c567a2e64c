using System.Text;

namespace Slipway.Flags.JsonLogic;

/// <summary><c>cat</c>: string concatenation with JavaScript string conversion.</summary>
internal sealed class CatNode(Node[] parts) : Node
{
    public Node[] Parts { get; } = parts;

    public override FlagValue Evaluate(ref EvalScope scope)
    {
        if (Parts.Length == 1)
        {
            return FlagValue.From(JsSemantics.ToJsString(Parts[0].Evaluate(ref scope)));
        }

        var builder = new StringBuilder();
        foreach (var part in Parts)
        {
            var text = JsSemantics.ToJsString(part.Evaluate(ref scope));
            scope.Charge(text.Length);
            builder.Append(text);
        }

        return FlagValue.From(builder.ToString());
    }
}
