using System.Text.Json;
using Slipway.Flags.JsonLogic;

namespace Slipway.Flags;

/// <summary>One compiled flag. Immutable; shared by every evaluation.</summary>
public sealed class FlagDefinition
{
    private readonly string[] _variantNames;
    private readonly FlagValue[] _variantValues;
    private IReadOnlyDictionary<string, FlagValue>? _variants;

    internal FlagDefinition(
        string key,
        FlagState state,
        string[] variantNames,
        FlagValue[] variantValues,
        int defaultIndex,
        Node? targeting,
        FlagMetadata metadata,
        JsonElement json,
        FlagDefinitionError? error)
    {
        // Interned: a caller's literal key is then the same instance, and the lookup's equality check is one compare.
        Key = string.Intern(key);
        KeyHash = MurmurStream.Of(System.Text.Encoding.UTF8.GetBytes(key));
        State = state;
        _variantNames = variantNames;
        _variantValues = variantValues;
        DefaultIndex = defaultIndex;
        TargetingNode = targeting;
        Choice = targeting is null ? null : VariantChoice.TryCompile(targeting, IndexOfVariant);
        Metadata = metadata;
        Json = json;
        Error = error;
    }

    public string Key { get; }

    public FlagState State { get; }

    public IReadOnlyList<string> VariantNames => _variantNames;

    public IReadOnlyDictionary<string, FlagValue> Variants =>
        _variants ??= _variantNames.Select((name, i) => KeyValuePair.Create(name, _variantValues[i])).ToDictionary(StringComparer.Ordinal);

    /// <summary>The default variant's name, or null when the flag has none (then the caller's default applies).</summary>
    public string? DefaultVariant => DefaultIndex >= 0 ? _variantNames[DefaultIndex] : null;

    public bool HasTargeting => TargetingNode is not null;

    /// <summary>The flag's targeting rule as written, if any.</summary>
    public JsonElement? Targeting => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("targeting", out var t) && t.ValueKind == JsonValueKind.Object && HasTargeting ? t : null;

    public FlagMetadata Metadata { get; }

    /// <summary>The flag's JSON as written (flagd format).</summary>
    public JsonElement Json { get; }

    /// <summary>Why the flag cannot be evaluated (it then resolves with PARSE_ERROR), or null.</summary>
    public FlagDefinitionError? Error { get; }

    internal int DefaultIndex { get; }

    /// <summary>The hash state after the key's UTF-8 bytes, computed once: the default fractional bucket key starts with it.</summary>
    internal readonly MurmurStream KeyHash;

    internal Node? TargetingNode { get; }

    /// <summary>The targeting compiled to variant indices, when every outcome is known at parse time; else null.</summary>
    internal VariantChoice? Choice { get; }

    internal ReadOnlySpan<FlagValue> VariantValues => _variantValues;

    internal string VariantNameAt(int index) => _variantNames[index];

    internal FlagValue VariantValueAt(int index) => _variantValues[index];

    internal int IndexOfVariant(string name)
    {
        var names = _variantNames;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
