using System.Text.Json;

namespace Slipway.Flags;

/// <summary>
/// Who is asking: a targeting key plus attributes. Immutable and thread-safe, so build it once
/// (per request or per user) and reuse it; evaluating with it allocates nothing.
/// </summary>
public sealed class EvaluationContext
{
    private readonly FlagObject _attributes;

    private EvaluationContext(string? targetingKey, FlagObject attributes)
    {
        TargetingKey = targetingKey;
        _attributes = attributes;
    }

    /// <summary>A context with no targeting key and no attributes.</summary>
    public static EvaluationContext Empty { get; } = new(null, FlagObject.Empty);

    public string? TargetingKey { get; }

    public int AttributeCount => _attributes.Count;

    public static EvaluationContext Create(string? targetingKey) => new(targetingKey, FlagObject.Empty);

    public static EvaluationContext Create(string? targetingKey, IEnumerable<KeyValuePair<string, FlagValue>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new(targetingKey, FlagObject.From(attributes));
    }

    public static EvaluationContextBuilder CreateBuilder(string? targetingKey = null) => new(targetingKey);

    /// <summary>Reads an OpenFeature/OFREP context object; its <c>targetingKey</c> property becomes the targeting key.</summary>
    public static EvaluationContext FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }

        string? targetingKey = null;
        var attributes = new List<KeyValuePair<string, FlagValue>>();
        foreach (var property in json.EnumerateObject())
        {
            if (property.NameEquals("targetingKey") && property.Value.ValueKind == JsonValueKind.String)
            {
                targetingKey = property.Value.GetString();
                continue;
            }

            attributes.Add(new(property.Name, FlagValue.FromJson(property.Value)));
        }

        return new(targetingKey, FlagObject.From(attributes));
    }

    public bool TryGetAttribute(string name, out FlagValue value) => _attributes.TryGetValue(name, out value);

    /// <summary>The attribute by reference, or a null reference when absent: rules read it without copying the value.</summary>
    internal ref readonly FlagValue AttributeRef(string name) => ref _attributes.ValueRef(name);

    public IReadOnlyList<KeyValuePair<string, FlagValue>> Attributes => FlagValue.FromObjectUnsafe(_attributes).Properties;

    /// <summary>The context as one JSON object, the targeting key included (what JsonLogic calls "data").</summary>
    internal FlagValue ToData()
    {
        var props = new List<KeyValuePair<string, FlagValue>>(_attributes.Count + 1);
        for (var i = 0; i < _attributes.Count; i++)
        {
            props.Add(new(_attributes.KeyAt(i), _attributes.ValueAt(i)));
        }

        if (TargetingKey is not null)
        {
            props.Add(new("targetingKey", TargetingKey));
        }

        return FlagValue.FromObjectUnsafe(FlagObject.From(props));
    }
}
