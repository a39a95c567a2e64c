namespace Slipway.Flags.JsonLogic;

/// <summary>flagd's <c>starts_with</c> and <c>ends_with</c>. Anything but two strings gives null, not false.</summary>
internal sealed class StringMatchNode(bool startsWith, Node[] args) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        if (args.Length != 2)
        {
            return default;
        }

        var text = args[0].Evaluate(ref scope).StringOrNull;
        var part = args[1].Evaluate(ref scope).StringOrNull;
        if (text is null || part is null)
        {
            return default;
        }

        return FlagValue.From(startsWith
            ? text.StartsWith(part, StringComparison.Ordinal)
            : text.EndsWith(part, StringComparison.Ordinal));
    }
}
