using System.Runtime.CompilerServices;

namespace Slipway.Flags.JsonLogic;

/// <summary><c>in</c>: substring of a string, or strict membership in an array. A constant list of strings is searched without allocating.</summary>
internal sealed class InNode : Node
{
    private readonly Node _needle;
    private readonly VarNode? _needleVar;
    private readonly Node _haystack;
    private readonly string[]? _constantStrings;
    private readonly HashSet<string>? _constantSet;

    // Bit n is set when some constant has length n (a length of 63 or more sets bit 63): most misses are decided
    // by the needle's length alone, without touching the constants.
    private readonly ulong _constantLengths;

    public InNode(Node needle, Node haystack)
    {
        _needle = needle;
        _haystack = haystack;
        _needleVar = needle as VarNode;
        if (haystack is LiteralNode { Value.Kind: FlagValueKind.Array } literal)
        {
            var items = literal.Value.ArrayItems;
            var strings = new string[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i].StringOrNull is not { } s)
                {
                    return;
                }

                strings[i] = s;
                _constantLengths |= 1UL << Math.Min(s.Length, 63);
            }

            _constantStrings = strings;
            if (strings.Length > 16)
            {
                _constantSet = new HashSet<string>(strings, StringComparer.Ordinal);
            }
        }
    }

    public override FlagValue Evaluate(ref EvalScope scope) => FlagValue.From(IsTrue(ref scope));

    public override bool IsTrue(ref EvalScope scope)
    {
        if (_constantStrings is null)
        {
            return IsTrueGeneral(ref scope);
        }

        var text = _needleVar is not null ? _needleVar.EvaluateString(ref scope) : _needle.Evaluate(ref scope).StringOrNull;
        if (text is null || (_constantLengths & (1UL << Math.Min(text.Length, 63))) == 0)
        {
            return false;
        }

        if (_constantSet is not null)
        {
            return _constantSet.Contains(text);
        }

        foreach (var candidate in _constantStrings)
        {
            if (string.Equals(candidate, text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Substring or membership in a computed array: kept out of line so the constant-list case stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool IsTrueGeneral(ref EvalScope scope)
    {
        var needle = _needle.Evaluate(ref scope);
        var haystack = _haystack.Evaluate(ref scope);
        switch (haystack.Kind)
        {
            case FlagValueKind.String:
                var part = needle.StringOrNull ?? JsSemantics.ToJsString(needle);
                return haystack.StringOrNull!.Contains(part, StringComparison.Ordinal);
            case FlagValueKind.Array:
                foreach (var item in haystack.ArrayItems)
                {
                    if (JsSemantics.StrictEquals(item, needle))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
