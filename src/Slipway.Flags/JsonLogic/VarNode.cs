using System.Globalization;
using System.Runtime.CompilerServices;

namespace Slipway.Flags.JsonLogic;

/// <summary><c>{"var": "a.b"}</c> with an optional default. The path is split once, at compile time.</summary>
internal sealed class VarNode : Node
{
    private readonly string _path;
    private readonly string[] _segments;
    private readonly Node? _default;
    private readonly VarKind _kind;

    public VarNode(string path, Node? defaultValue)
    {
        // Interned, like the attribute names an application writes as literals: the lookup then matches by reference.
        _path = string.Intern(path);
        _segments = path.Length == 0 ? [] : Array.ConvertAll(path.Split('.'), string.Intern);
        _default = defaultValue;
        _kind = path switch
        {
            "" => VarKind.Whole,
            "targetingKey" => VarKind.TargetingKey,
            "$flagd.flagKey" => VarKind.FlagKey,
            "$flagd.timestamp" => VarKind.Timestamp,
            _ => _segments.Length == 1 ? VarKind.Attribute : VarKind.Path,
        };
    }

    private enum VarKind : byte
    {
        Whole,
        TargetingKey,
        FlagKey,
        Timestamp,
        Attribute,
        Path,
    }

    public string Path => _path;

    public override FlagValue Evaluate(ref EvalScope scope)
    {
        // The common case first, small enough to inline: one context attribute by name.
        if (_kind == VarKind.Attribute && !scope.HasData)
        {
            if (scope.Context.TryGetAttribute(_path, out var attribute) && !attribute.IsNull)
            {
                return attribute;
            }

            return _default is null ? default : _default.Evaluate(ref scope);
        }

        return EvaluateSlow(ref scope);
    }

    /// <summary>The value as a string, or null when it is not one (what a string operator reads).</summary>
    public string? EvaluateString(ref EvalScope scope)
    {
        if (!scope.HasData)
        {
            if (_kind == VarKind.Attribute)
            {
                ref readonly var attribute = ref scope.Context.AttributeRef(_path);
                if (!Unsafe.IsNullRef(in attribute) && !attribute.IsNull)
                {
                    return attribute.StringOrNull;
                }

                return _default?.Evaluate(ref scope).StringOrNull;
            }

            if (_kind == VarKind.TargetingKey)
            {
                return scope.TargetingKey ?? _default?.Evaluate(ref scope).StringOrNull;
            }
        }

        return Evaluate(ref scope).StringOrNull;
    }

    /// <summary>
    /// The value when it is a context attribute holding a number, read in place; false for anything else (the caller
    /// then evaluates the general way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadNumber(ref EvalScope scope, out double number)
    {
        if (_kind == VarKind.Attribute && !scope.HasData)
        {
            ref readonly var attribute = ref scope.Context.AttributeRef(_path);
            if (!Unsafe.IsNullRef(in attribute) && attribute.Kind == FlagValueKind.Number)
            {
                number = attribute.RawNumber;
                return true;
            }
        }

        number = 0;
        return false;
    }

    private FlagValue EvaluateSlow(ref EvalScope scope)
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

        switch (_kind)
        {
            case VarKind.Attribute:
                return scope.Context.TryGetAttribute(_path, out var attribute) ? attribute : default;
            case VarKind.TargetingKey:
                return FlagValue.From(scope.TargetingKey);
            case VarKind.FlagKey:
                return FlagValue.From(scope.FlagKey);
            case VarKind.Timestamp:
                return FlagValue.From(scope.Timestamp);
            case VarKind.Whole:
                return scope.Context.ToData();
        }

        if (scope.Context.TryGetAttribute(_segments[0], out var root))
        {
            var found = Navigate(root, 1);
            if (!found.IsNull)
            {
                return found;
            }
        }

        // A context key that itself contains dots ("user.name") is still reachable.
        return scope.Context.TryGetAttribute(_path, out var literal) ? literal : default;
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
