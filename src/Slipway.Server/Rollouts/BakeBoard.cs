using System.Collections.Concurrent;
using Slipway.Server.Api;

namespace Slipway.Server.Rollouts;

/// <summary>
/// The bakes under way, in memory: which wave, since when, and the bake gate's latest look. A runtime fact for the
/// status view and <c>slipway status --watch</c>; the verdict itself is journaled by the driver.
/// </summary>
internal sealed class BakeBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _bakes = new(StringComparer.Ordinal);

    /// <summary>A bake began: <paramref name="wave"/> is 0-based.</summary>
    public IProgress<BakeLook> Begin(string rolloutId, int wave, int waves, TimeSpan bakeTime)
    {
        var entry = new Entry(wave + 1, waves, time.GetTimestamp(), bakeTime) { Look = new BakeLook("baking", false) };
        _bakes[rolloutId] = entry;
        return new SynchronousSink(look => entry.Look = look);
    }

    public void End(string rolloutId) => _bakes.TryRemove(rolloutId, out _);

    public BakeView? View(string rolloutId)
    {
        if (!_bakes.TryGetValue(rolloutId, out var e))
        {
            return null;
        }

        var look = e.Look;
        var elapsed = time.GetElapsedTime(e.Started);
        return new BakeView(e.Wave, e.Waves, Math.Round(elapsed.TotalSeconds, 1), e.BakeTime.TotalSeconds, look.Extended || elapsed > e.BakeTime, look.Summary);
    }

    private sealed record Entry(int Wave, int Waves, long Started, TimeSpan BakeTime)
    {
        public volatile BakeLook Look = new("baking", false);
    }

    private sealed class SynchronousSink(Action<BakeLook> report) : IProgress<BakeLook>
    {
        public void Report(BakeLook value) => report(value);
    }
}
