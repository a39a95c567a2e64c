using Slipway.Core.Journal;
using Slipway.Server.State;

namespace Slipway.Server.Journal;

/// <summary>
/// The single way state changes: events are written to the store first, then applied to the projection.
/// Readers take a consistent view through <see cref="Read{T}"/>; waiters are woken on every append.
/// </summary>
internal sealed class EventJournal(IJournalStore store, TimeProvider time)
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _stateLock = new();
    private readonly SlipwayState _state = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event Action<SlipwayEvent, DateTimeOffset>? Appended;

    public TimeProvider Time => time;

    /// <summary>Crash tests only: where the server kills itself (see <see cref="Journal.CrashPoint"/>).</summary>
    internal CrashPoint? CrashPoint { get; set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await foreach (var record in store.ReadAsync(0, cancellationToken))
        {
            var e = EventSerializer.FromRecord(record);
            lock (_stateLock)
            {
                _state.Apply(record.Sequence, record.Timestamp, e);
            }
        }
    }

    public Task AppendAsync(SlipwayEvent e, CancellationToken cancellationToken) => AppendAsync([e], cancellationToken);

    /// <summary>Appends the events atomically, then applies them, then wakes waiters.</summary>
    public async Task AppendAsync(IReadOnlyList<SlipwayEvent> events, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var records = events.Select(e => EventSerializer.ToRecord(e, now)).ToList();
            var sequences = await store.AppendAsync(records, CancellationToken.None);
            if (CrashPoint is { } crash)
            {
                foreach (var record in records)
                {
                    crash.After(record.Type);
                }
            }
            lock (_stateLock)
            {
                for (var i = 0; i < events.Count; i++)
                {
                    _state.Apply(sequences[i], now, events[i]);
                }
            }

            foreach (var e in events)
            {
                Appended?.Invoke(e, now);
            }

            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public T Read<T>(Func<SlipwayState, T> read)
    {
        lock (_stateLock)
        {
            return read(_state);
        }
    }

    /// <summary>Completes on the next append; used with a caller-held snapshot of the sequence.</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;
}
