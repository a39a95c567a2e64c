namespace Slipway.Flags.JsonLogic;

/// <summary><c>missing</c> (the keys that are null or empty) and <c>missing_some</c> ([minimum, keys]).</summary>
internal sealed class MissingNode(Node[] args, bool some) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var minimum = 0;
        var keysStart = 0;
        if (some)
        {
            if (args.Length < 2)
            {
                return FlagValue.FromArrayUnsafe([]);
            }

            minimum = (int)JsSemantics.ToNumber(args[0].Evaluate(ref scope));
            keysStart = 1;
        }

        var keys = new List<FlagValue>();
        for (var i = keysStart; i < args.Length; i++)
        {
            var value = args[i].Evaluate(ref scope);
            if (value.Kind == FlagValueKind.Array)
            {
                foreach (var item in value.ArrayItems)
                {
                    keys.Add(item);
                }
            }
            else
            {
                keys.Add(value);
            }
        }

        var missing = new List<FlagValue>();
        foreach (var key in keys)
        {
            var found = new VarNode(JsSemantics.ToJsString(key), null).Evaluate(ref scope);
            if (found.IsNull || (found.StringOrNull is { Length: 0 }))
            {
                missing.Add(key);
            }
        }

        if (some && keys.Count - missing.Count >= minimum)
        {
            return FlagValue.FromArrayUnsafe([]);
        }

        return FlagValue.FromArrayUnsafe([.. missing]);
    }
}
