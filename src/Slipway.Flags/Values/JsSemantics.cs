using System.Globalization;
using System.Text;

namespace Slipway.Flags;

/// <summary>JavaScript-style coercions that JsonLogic relies on (truthiness, loose equality, ToNumber, ToString).</summary>
internal static class JsSemantics
{
    public static bool IsTruthy(in FlagValue value) => value.Kind switch
    {
        FlagValueKind.Null => false,
        FlagValueKind.Boolean => value.RawNumber != 0,
        FlagValueKind.Number => value.RawNumber != 0 && !double.IsNaN(value.RawNumber),
        FlagValueKind.String => value.StringOrNull!.Length > 0,
        FlagValueKind.Array => value.ArrayLength > 0,
        _ => true,
    };

    public static double ToNumber(in FlagValue value)
    {
        switch (value.Kind)
        {
            case FlagValueKind.Null:
                return 0;
            case FlagValueKind.Boolean:
            case FlagValueKind.Number:
                return value.RawNumber;
            case FlagValueKind.String:
                return StringToNumber(value.StringOrNull!);
            case FlagValueKind.Array:
                var items = value.ArrayItems;
                return items.Length switch
                {
                    0 => 0,
                    1 => ToNumber(items[0]),
                    _ => double.NaN,
                };
            default:
                return double.NaN;
        }
    }

    public static double StringToNumber(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.Length == 0)
        {
            return 0;
        }

        return double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : double.NaN;
    }

    public static string ToJsString(in FlagValue value)
    {
        switch (value.Kind)
        {
            case FlagValueKind.Null:
                return "null";
            case FlagValueKind.Boolean:
                return value.RawNumber != 0 ? "true" : "false";
            case FlagValueKind.Number:
                return NumberToString(value.RawNumber);
            case FlagValueKind.String:
                return value.StringOrNull!;
            case FlagValueKind.Array:
                var builder = new StringBuilder();
                var items = value.ArrayItems;
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    if (!items[i].IsNull)
                    {
                        builder.Append(ToJsString(items[i]));
                    }
                }

                return builder.ToString();
            default:
                return "[object Object]";
        }
    }

    public static string NumberToString(double number)
    {
        if (double.IsNaN(number))
        {
            return "NaN";
        }

        if (double.IsInfinity(number))
        {
            return number > 0 ? "Infinity" : "-Infinity";
        }

        return number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>JavaScript <c>==</c>.</summary>
    public static bool LooseEquals(in FlagValue a, in FlagValue b)
    {
        if (a.Kind == b.Kind)
        {
            return StrictEquals(a, b);
        }

        if (a.IsNull || b.IsNull)
        {
            return false;
        }

        if (a.Kind == FlagValueKind.Boolean)
        {
            return LooseEquals(FlagValue.From(a.RawNumber), b);
        }

        if (b.Kind == FlagValueKind.Boolean)
        {
            return LooseEquals(a, FlagValue.From(b.RawNumber));
        }

        if (a.Kind == FlagValueKind.Number && b.Kind == FlagValueKind.String)
        {
            return a.RawNumber == StringToNumber(b.StringOrNull!);
        }

        if (a.Kind == FlagValueKind.String && b.Kind == FlagValueKind.Number)
        {
            return StringToNumber(a.StringOrNull!) == b.RawNumber;
        }

        if (a.Kind is FlagValueKind.Array or FlagValueKind.Object)
        {
            return LooseEquals(FlagValue.From(ToJsString(a)), b);
        }

        if (b.Kind is FlagValueKind.Array or FlagValueKind.Object)
        {
            return LooseEquals(a, FlagValue.From(ToJsString(b)));
        }

        return false;
    }

    /// <summary>JavaScript <c>===</c>. Arrays and objects compare by reference, as in JavaScript.</summary>
    public static bool StrictEquals(in FlagValue a, in FlagValue b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            FlagValueKind.Null => true,
            FlagValueKind.Boolean or FlagValueKind.Number => a.RawNumber == b.RawNumber,
            FlagValueKind.String => string.Equals(a.StringOrNull, b.StringOrNull, StringComparison.Ordinal),
            FlagValueKind.Array => a.ArrayItems == b.ArrayItems,
            _ => ReferenceEquals(a.ObjectValue, b.ObjectValue),
        };
    }

    /// <summary>
    /// JavaScript relational comparison. Returns null when the comparison is undefined (NaN), otherwise the sign.
    /// </summary>
    public static int? Compare(in FlagValue a, in FlagValue b)
    {
        if (a.Kind == FlagValueKind.Number && b.Kind == FlagValueKind.Number)
        {
            var (p, q) = (a.RawNumber, b.RawNumber);
            return double.IsNaN(p) || double.IsNaN(q) ? null : p.CompareTo(q);
        }

        var left = a.Kind is FlagValueKind.Array or FlagValueKind.Object ? FlagValue.From(ToJsString(a)) : a;
        var right = b.Kind is FlagValueKind.Array or FlagValueKind.Object ? FlagValue.From(ToJsString(b)) : b;
        if (left.Kind == FlagValueKind.String && right.Kind == FlagValueKind.String)
        {
            return Math.Sign(string.CompareOrdinal(left.StringOrNull, right.StringOrNull));
        }

        var x = ToNumber(left);
        var y = ToNumber(right);
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return null;
        }

        return x.CompareTo(y);
    }
}
