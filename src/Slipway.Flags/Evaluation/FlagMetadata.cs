using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Slipway.Flags;

/// <summary>A flag's metadata: string, number and boolean values by key. Immutable.</summary>
public sealed class FlagMetadata : IReadOnlyDictionary<string, FlagValue>
{
    private readonly Dictionary<string, FlagValue> _values;

    internal FlagMetadata(Dictionary<string, FlagValue> values)
    {
        _values = values;
        IsExperiment = values.TryGetValue("experiment", out var experiment) && experiment.TryGetBoolean(out var on) && on;
    }

    public static FlagMetadata Empty { get; } = new(new Dictionary<string, FlagValue>(StringComparer.Ordinal));

    public FlagValue this[string key] => _values[key];

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<FlagValue> Values => _values.Values;

    public int Count => _values.Count;

    /// <summary><c>"experiment": true</c>, read once: the SDK asks on every evaluation whether to record an exposure.</summary>
    public bool IsExperiment { get; }

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FlagValue value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, FlagValue>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
