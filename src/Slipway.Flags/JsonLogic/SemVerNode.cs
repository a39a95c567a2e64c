namespace Slipway.Flags.JsonLogic;

/// <summary>flagd's <c>sem_ver</c>: [version, operator, version] with = != &lt; &lt;= &gt; &gt;= ^ ~. Bad input gives null.</summary>
internal sealed class SemVerNode(Node[] args) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        if (args.Length != 3)
        {
            return default;
        }

        var op = args[1].Evaluate(ref scope).StringOrNull;
        if (op is null
            || !SemanticVersion.TryParse(AsVersionText(args[0].Evaluate(ref scope)), out var left)
            || !SemanticVersion.TryParse(AsVersionText(args[2].Evaluate(ref scope)), out var right))
        {
            return default;
        }

        var order = left.CompareTo(right);
        return op switch
        {
            "=" => FlagValue.From(order == 0),
            "!=" => FlagValue.From(order != 0),
            "<" => FlagValue.From(order < 0),
            "<=" => FlagValue.From(order <= 0),
            ">" => FlagValue.From(order > 0),
            ">=" => FlagValue.From(order >= 0),
            "^" => FlagValue.From(left.Major == right.Major),
            "~" => FlagValue.From(left.Major == right.Major && left.Minor == right.Minor),
            _ => default,
        };
    }

    private static string? AsVersionText(in FlagValue value) => value.Kind switch
    {
        FlagValueKind.String => value.StringOrNull,
        FlagValueKind.Number => JsSemantics.NumberToString(value.RawNumber),
        _ => null,
    };
}
