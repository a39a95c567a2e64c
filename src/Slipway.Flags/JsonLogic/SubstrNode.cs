namespace Slipway.Flags.JsonLogic;

/// <summary><c>substr</c>: JavaScript semantics, negative start counts from the end, negative length stops short of the end.</summary>
internal sealed class SubstrNode(Node[] args) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        if (args.Length == 0)
        {
            return FlagValue.From(string.Empty);
        }

        var text = JsSemantics.ToJsString(args[0].Evaluate(ref scope));
        var start = args.Length > 1 ? (int)Truncate(JsSemantics.ToNumber(args[1].Evaluate(ref scope))) : 0;
        if (start < 0)
        {
            start = Math.Max(0, text.Length + start);
        }

        start = Math.Min(start, text.Length);
        var end = text.Length;
        if (args.Length > 2)
        {
            var length = (int)Truncate(JsSemantics.ToNumber(args[2].Evaluate(ref scope)));
            end = length < 0 ? Math.Max(start, text.Length + length) : Math.Min(text.Length, start + length);
        }

        return FlagValue.From(text[start..end]);
    }

    private static double Truncate(double value) => double.IsNaN(value) ? 0 : Math.Clamp(Math.Truncate(value), int.MinValue, int.MaxValue);
}
