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
            builder.Append(JsSemantics.ToJsString(part.Evaluate(ref scope)));
        }

        return FlagValue.From(builder.ToString());
    }
}
