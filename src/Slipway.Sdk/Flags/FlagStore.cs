using Slipway.Flags;
using Slipway.Flags.Protocol;

namespace Slipway.Sdk.Flags;

/// <summary>
/// Holds the current flag configuration. Readers take one volatile read; writers (the sources) replace it whole.
/// </summary>
internal sealed class FlagStore(TimeProvider time)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _writeLock = new();
    private volatile FlagConfig? _current;
    private volatile bool _stale;

    public FlagConfig? Current => _current;

    public bool IsStale => _stale;

    public Task Ready => _ready.Task;

    public event Action<FlagConfig>? Changed;

    public void Replace(FlagDocument document, long version, string source)
    {
        FlagConfig config;
        lock (_writeLock)
        {
            config = new FlagConfig(new FlagEvaluator(document, time), version, source);
            _current = config;
        }

        _ready.TrySetResult();
        Changed?.Invoke(config);
    }

    /// <summary>Replaces the configuration with a snapshot unless the snapshot is older than what is held.</summary>
    public bool ReplaceIfNotOlder(FlagSnapshot snapshot, string source)
    {
        lock (_writeLock)
        {
            if (_current is { Source: "server" } current && snapshot.Version < current.Version)
            {
                return false;
            }

            Replace(snapshot.Document, snapshot.Version, source);
            return true;
        }
    }

    public ApplyResult Apply(FlagChange change, string source)
    {
        lock (_writeLock)
        {
            var current = _current;
            if (current is null || current.Source != source)
            {
                return ApplyResult.Gap;
            }

            if (change.Version <= current.Version)
            {
                return ApplyResult.Stale;
            }

            if (change.Version != current.Version + 1)
            {
                return ApplyResult.Gap;
            }

            Replace(current.Evaluator.Document.WithChanges(change.Changes), change.Version, source);
            return ApplyResult.Applied;
        }
    }

    public void SetStale(bool stale) => _stale = stale;
}
