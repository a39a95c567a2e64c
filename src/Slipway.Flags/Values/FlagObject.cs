using System.Runtime.CompilerServices;

namespace Slipway.Flags;

/// <summary>An immutable, ordered JSON object. Small objects are searched linearly; large ones get an index.</summary>
internal sealed class FlagObject
{
    private const int IndexThreshold = 8;

    public static readonly FlagObject Empty = new([], []);

    private readonly string[] _keys;
    private readonly FlagValue[] _values;
    private readonly Dictionary<string, int>? _index;

    public FlagObject(string[] keys, FlagValue[] values)
    {
        _keys = keys;
        _values = values;
        if (keys.Length > IndexThreshold)
        {
            _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                _index[keys[i]] = i;
            }
        }
    }

    public int Count => _keys.Length;

    public string KeyAt(int index) => _keys[index];

    public FlagValue ValueAt(int index) => _values[index];

    /// <summary>The value for <paramref name="key"/> by reference (no copy), or a null reference when absent.</summary>
    public ref readonly FlagValue ValueRef(string key)
    {
        if (_index is not null)
        {
            return ref _index.TryGetValue(key, out var found) ? ref _values[found] : ref Unsafe.NullRef<FlagValue>();
        }

        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
        {
            var candidate = keys[i];
            if (ReferenceEquals(candidate, key) || string.Equals(candidate, key, StringComparison.Ordinal))
            {
                return ref _values[i];
            }
        }

        return ref Unsafe.NullRef<FlagValue>();
    }

    public bool TryGetValue(string key, out FlagValue value)
    {
        ref readonly var found = ref ValueRef(key);
        if (Unsafe.IsNullRef(in found))
        {
            value = default;
            return false;
        }

        value = found;
        return true;
    }

    public static FlagObject From(IEnumerable<KeyValuePair<string, FlagValue>> properties)
    {
        var keys = new List<string>();
        var values = new List<FlagValue>();
        foreach (var (key, value) in properties)
        {
            var existing = keys.IndexOf(key);
            if (existing >= 0)
            {
                values[existing] = value;
            }
            else
            {
                keys.Add(key);
                values.Add(value);
            }
        }

        return keys.Count == 0 ? Empty : new FlagObject([.. keys], [.. values]);
    }
}
