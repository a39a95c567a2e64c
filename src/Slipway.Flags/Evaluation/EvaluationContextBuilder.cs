namespace Slipway.Flags;

/// <summary>Collects attributes for an <see cref="EvaluationContext"/>. Not thread-safe; reusable after <see cref="Clear"/>.</summary>
public sealed class EvaluationContextBuilder(string? targetingKey = null)
{
    private readonly List<KeyValuePair<string, FlagValue>> _attributes = [];

    public string? TargetingKey { get; private set; } = targetingKey;

    public EvaluationContextBuilder WithTargetingKey(string? targetingKey)
    {
        TargetingKey = targetingKey;
        return this;
    }

    public EvaluationContextBuilder Set(string name, FlagValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < _attributes.Count; i++)
        {
            if (_attributes[i].Key == name)
            {
                _attributes[i] = new(name, value);
                return this;
            }
        }

        _attributes.Add(new(name, value));
        return this;
    }

    public EvaluationContextBuilder Clear()
    {
        _attributes.Clear();
        TargetingKey = null;
        return this;
    }

    public EvaluationContext Build() => EvaluationContext.Create(TargetingKey, _attributes);
}
