using System.Globalization;

namespace Slipway.Flags.JsonLogic;

/// <summary><c>{"var": "a.b"}</c> with an optional default. The path is split once, at compile time.</summary>
internal sealed class VarNode : Node
{
    private readonly string _path;
    private readonly string[] _segments;
    private readonly Node? _default;

    public VarNode(string path, Node? defaultValue)
    {
        _path = path;
        _segments = path.Length == 0 ? [] : path.Split('.');
        _default = defaultValue;
    }

    public string Path => _path;

    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var value = Resolve(ref scope);
        if (value.IsNull && _default is not null)
        {
            return _default.Evaluate(ref scope);
        }

        return value;
    }

    private FlagValue Resolve(ref EvalScope scope)
    {
        if (scope.HasData)
        {
            return _segments.Length == 0 ? scope.Data : Navigate(scope.Data, 0);
        }

        if (_segments.Length == 0)
        {
            return scope.Context.ToData();
        }

        var first = _segments[0];
        if (_segments.Length == 1 && first == "targetingKey")
        {
            return FlagValue.From(scope.TargetingKey);
        }

        if (first == "$flagd" && _segments.Length == 2)
        {
            switch (_segments[1])
            {
                case "flagKey":
                    return FlagValue.From(scope.FlagKey);
                case "timestamp":
                    return FlagValue.From(scope.Timestamp);
            }
        }

        if (scope.Context.TryGetAttribute(first, out var root))
        {
            var found = _segments.Length == 1 ? root : Navigate(root, 1);
            if (!found.IsNull || _segments.Length == 1)
            {
                return found;
            }
        }

        // A context key that itself contains dots ("user.name") is still reachable.
        if (_segments.Length > 1 && scope.Context.TryGetAttribute(_path, out var literal))
        {
            return literal;
        }

        return default;
    }

    private FlagValue Navigate(FlagValue current, int start)
    {
        for (var i = start; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            switch (current.Kind)
            {
                case FlagValueKind.Object:
                    if (!current.TryGetProperty(segment, out current))
                    {
                        return default;
                    }

                    break;
                case FlagValueKind.Array:
                    if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= current.ArrayLength)
                    {
                        return default;
                    }

                    current = current[index];
                    break;
                default:
                    return default;
            }
        }

        return current;
    }
}
