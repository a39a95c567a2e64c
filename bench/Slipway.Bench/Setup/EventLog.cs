using Slipway.Core.Journal;

namespace Slipway.Bench.Setup;

/// <summary>
/// Every journaled event with the journal's own timestamp, as the server appended it. The journal takes the timestamp
/// before it writes to SQLite and raises Appended after, so the difference is how long the durable write took.
/// </summary>
internal sealed class EventLog(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset At, SlipwayEvent Event)> _events = [];
    private readonly List<(DateTimeOffset At, double Seconds)> _writes = [];

    /// <summary>Subscribed to the journal's Appended event; runs inside the journal's write gate, so it only records.</summary>
    public void Add(SlipwayEvent e, DateTimeOffset at)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _events.Add((at, e));
            if (_writes.Count == 0 || _writes[^1].At != at)
            {
                _writes.Add((at, (now - at).TotalSeconds));
            }
        }
    }

    /// <summary>The duration of every journal append (one per batch of events) stamped between the two times.</summary>
    public IReadOnlyList<double> WritesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_lock)
        {
            return _writes.Where(w => w.At >= from && w.At <= to).Select(w => w.Seconds).ToList();
        }
    }

    public IReadOnlyList<(DateTimeOffset At, T Event)> All<T>(Func<T, bool>? where = null)
        where T : SlipwayEvent
    {
        lock (_lock)
        {
            return _events
                .Where(x => x.Event is T t && (where is null || where(t)))
                .Select(x => (x.At, (T)x.Event))
                .ToList();
        }
    }

    public (DateTimeOffset At, T Event) First<T>(Func<T, bool>? where = null)
        where T : SlipwayEvent =>
        All(where) is { Count: > 0 } found
            ? found[0]
            : throw new InvalidOperationException($"No {typeof(T).Name} event matched.");

    public (DateTimeOffset At, T Event) Last<T>(Func<T, bool>? where = null)
        where T : SlipwayEvent =>
        All(where) is { Count: > 0 } found
            ? found[^1]
            : throw new InvalidOperationException($"No {typeof(T).Name} event matched.");
}
