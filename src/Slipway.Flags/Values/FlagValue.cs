using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Slipway.Flags;

/// <summary>
/// An immutable JSON value used for variants, context attributes and metadata.
/// It is a struct so that evaluating string, number and boolean values allocates nothing.
/// </summary>
public readonly struct FlagValue : IEquatable<FlagValue>
{
    private static readonly FlagValue[] EmptyArray = [];

    private readonly object? _reference;
    private readonly double _number;

    private FlagValue(FlagValueKind kind, double number, object? reference)
    {
        Kind = kind;
        _number = number;
        _reference = reference;
    }

    /// <summary>The JSON null value (also the default of the struct).</summary>
    public static FlagValue Null => default;

    public static FlagValue True { get; } = new(FlagValueKind.Boolean, 1, null);

    public static FlagValue False { get; } = new(FlagValueKind.Boolean, 0, null);

    public FlagValueKind Kind { get; }

    public bool IsNull => Kind == FlagValueKind.Null;

    public static FlagValue From(bool value) => value ? True : False;

    public static FlagValue From(double value) => new(FlagValueKind.Number, value, null);

    public static FlagValue From(long value) => new(FlagValueKind.Number, value, null);

    public static FlagValue From(string? value) => value is null ? default : new(FlagValueKind.String, 0, value);

    public static FlagValue FromArray(IEnumerable<FlagValue> items) => new(FlagValueKind.Array, 0, items.ToArray());

    public static FlagValue FromObject(IEnumerable<KeyValuePair<string, FlagValue>> properties) =>
        new(FlagValueKind.Object, 0, FlagObject.From(properties));

    internal static FlagValue FromArrayUnsafe(FlagValue[] items) => new(FlagValueKind.Array, 0, items);

    internal static FlagValue FromObjectUnsafe(FlagObject value) => new(FlagValueKind.Object, 0, value);

    public static implicit operator FlagValue(bool value) => From(value);

    public static implicit operator FlagValue(double value) => From(value);

    public static implicit operator FlagValue(long value) => From(value);

    public static implicit operator FlagValue(int value) => From(value);

    public static implicit operator FlagValue(string? value) => From(value);

    public bool AsBoolean() => Kind == FlagValueKind.Boolean ? _number != 0 : throw WrongKind(FlagValueKind.Boolean);

    public double AsNumber() => Kind == FlagValueKind.Number ? _number : throw WrongKind(FlagValueKind.Number);

    public string AsString() => Kind == FlagValueKind.String ? (string)_reference! : throw WrongKind(FlagValueKind.String);

    public bool TryGetBoolean(out bool value)
    {
        value = Kind == FlagValueKind.Boolean && _number != 0;
        return Kind == FlagValueKind.Boolean;
    }

    public bool TryGetNumber(out double value)
    {
        value = Kind == FlagValueKind.Number ? _number : 0;
        return Kind == FlagValueKind.Number;
    }

    public bool TryGetString(out string value)
    {
        value = Kind == FlagValueKind.String ? (string)_reference! : string.Empty;
        return Kind == FlagValueKind.String;
    }

    /// <summary>Number of array items, or 0 for any other kind.</summary>
    public int ArrayLength => Kind == FlagValueKind.Array ? ((FlagValue[])_reference!).Length : 0;

    public FlagValue this[int index] => Kind == FlagValueKind.Array ? ((FlagValue[])_reference!)[index] : throw WrongKind(FlagValueKind.Array);

    /// <summary>Properties of an object, in document order; empty for any other kind.</summary>
    public IReadOnlyList<KeyValuePair<string, FlagValue>> Properties
    {
        get
        {
            if (Kind != FlagValueKind.Object)
            {
                return [];
            }

            var obj = (FlagObject)_reference!;
            var result = new KeyValuePair<string, FlagValue>[obj.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new(obj.KeyAt(i), obj.ValueAt(i));
            }

            return result;
        }
    }

    public bool TryGetProperty(string name, out FlagValue value)
    {
        if (Kind == FlagValueKind.Object)
        {
            return ((FlagObject)_reference!).TryGetValue(name, out value);
        }

        value = default;
        return false;
    }

    internal ReadOnlySpan<FlagValue> ArrayItems => Kind == FlagValueKind.Array ? (FlagValue[])_reference! : EmptyArray;

    internal FlagObject? ObjectValue => Kind == FlagValueKind.Object ? (FlagObject)_reference! : null;

    internal string? StringOrNull => Kind == FlagValueKind.String ? (string)_reference! : null;

    internal double RawNumber => _number;

    public static FlagValue FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                return True;
            case JsonValueKind.False:
                return False;
            case JsonValueKind.Number:
                return From(element.GetDouble());
            case JsonValueKind.String:
                return From(element.GetString());
            case JsonValueKind.Array:
                {
                    var items = new FlagValue[element.GetArrayLength()];
                    var i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        items[i++] = FromJson(item);
                    }

                    return FromArrayUnsafe(items);
                }

            case JsonValueKind.Object:
                {
                    var props = new List<KeyValuePair<string, FlagValue>>();
                    foreach (var property in element.EnumerateObject())
                    {
                        props.Add(new(property.Name, FromJson(property.Value)));
                    }

                    return FromObjectUnsafe(FlagObject.From(props));
                }

            default:
                return default;
        }
    }

    /// <summary>Parses a JSON text into a value.</summary>
    public static FlagValue ParseJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return FromJson(doc.RootElement);
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Kind)
        {
            case FlagValueKind.Null:
                writer.WriteNullValue();
                break;
            case FlagValueKind.Boolean:
                writer.WriteBooleanValue(_number != 0);
                break;
            case FlagValueKind.Number:
                if (_number == Math.Floor(_number) && Math.Abs(_number) < 9.007199254740992E15)
                {
                    writer.WriteNumberValue((long)_number);
                }
                else
                {
                    writer.WriteNumberValue(_number);
                }

                break;
            case FlagValueKind.String:
                writer.WriteStringValue((string)_reference!);
                break;
            case FlagValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in (FlagValue[])_reference!)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
                break;
            case FlagValueKind.Object:
                writer.WriteStartObject();
                var obj = (FlagObject)_reference!;
                for (var i = 0; i < obj.Count; i++)
                {
                    writer.WritePropertyName(obj.KeyAt(i));
                    obj.ValueAt(i).WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
        }
    }

    public string ToJsonString()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public JsonElement ToJsonElement()
    {
        using var doc = JsonDocument.Parse(ToJsonString());
        return doc.RootElement.Clone();
    }

    public bool Equals(FlagValue other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        switch (Kind)
        {
            case FlagValueKind.Null:
                return true;
            case FlagValueKind.Boolean:
            case FlagValueKind.Number:
                return _number.Equals(other._number);
            case FlagValueKind.String:
                return string.Equals((string)_reference!, (string)other._reference!, StringComparison.Ordinal);
            case FlagValueKind.Array:
                {
                    var a = (FlagValue[])_reference!;
                    var b = (FlagValue[])other._reference!;
                    if (a.Length != b.Length)
                    {
                        return false;
                    }

                    for (var i = 0; i < a.Length; i++)
                    {
                        if (!a[i].Equals(b[i]))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            default:
                {
                    var a = (FlagObject)_reference!;
                    var b = (FlagObject)other._reference!;
                    if (a.Count != b.Count)
                    {
                        return false;
                    }

                    for (var i = 0; i < a.Count; i++)
                    {
                        if (!b.TryGetValue(a.KeyAt(i), out var bv) || !a.ValueAt(i).Equals(bv))
                        {
                            return false;
                        }
                    }

                    return true;
                }
        }
    }

    public override bool Equals(object? obj) => obj is FlagValue other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        FlagValueKind.Null => 0,
        FlagValueKind.Boolean or FlagValueKind.Number => _number.GetHashCode(),
        FlagValueKind.String => StringComparer.Ordinal.GetHashCode((string)_reference!),
        _ => (int)Kind,
    };

    public static bool operator ==(FlagValue left, FlagValue right) => left.Equals(right);

    public static bool operator !=(FlagValue left, FlagValue right) => !left.Equals(right);

    /// <summary>Strings are returned as they are; everything else as JSON text.</summary>
    public override string ToString() => Kind switch
    {
        FlagValueKind.String => (string)_reference!,
        FlagValueKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        _ => ToJsonString(),
    };

    private InvalidOperationException WrongKind(FlagValueKind expected) =>
        new($"The value is {Kind}, not {expected}.");
}
