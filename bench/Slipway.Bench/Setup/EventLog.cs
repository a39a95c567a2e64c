using Slipway.Core.Journal;

namespace Slipway.Bench.Setup;

/// <summary>Every journaled event with the journal's own timestamp, as the server appended it.</summary>
internal sealed class EventLog
{
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset At, SlipwayEvent Event)> _events = [];

    /// <summary>Subscribed to the journal's Appended event; runs inside the journal's write gate, so it only records.</summary>
    public void Add(SlipwayEvent e, DateTimeOffset at)
    {
        lock (_lock)
        {
            _events.Add((at, e));
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
