using Slipway.Flags;

namespace Slipway.Sdk.Flags;

/// <summary>
/// Flags held in memory: for tests, and for services that ship their flags with the code.
/// Register it with <see cref="SlipwayBuilder.UseFlagSource(InMemoryFlagSource)"/>; each <see cref="Update(string)"/> takes effect at once.
/// </summary>
public sealed class InMemoryFlagSource
{
    private readonly Lock _lock = new();
    private FlagDocument? _document;
    private long _version;

    public InMemoryFlagSource(string? flagsJson = null)
    {
        if (flagsJson is not null)
        {
            Update(flagsJson);
        }
    }

    internal event Action<FlagDocument, long>? Updated;

    /// <summary>Replaces all flags. Throws <see cref="FlagDefinitionException"/> (with a JSON pointer) for an invalid document.</summary>
    public void Update(string flagsJson) => Update(FlagDocument.Parse(flagsJson));

    public void Update(FlagDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        long version;
        lock (_lock)
        {
            _document = document;
            version = ++_version;
        }

        Updated?.Invoke(document, version);
    }

    internal (FlagDocument Document, long Version)? Current
    {
        get
        {
            lock (_lock)
            {
                return _document is null ? null : (_document, _version);
            }
        }
    }
}
