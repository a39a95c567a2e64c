using Slipway.Core.Journal;
using Slipway.Server.Testing;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Turns the test stage's per-test progress into a few journal events: each shard's first report, its last one, and at
/// most one every <paramref name="interval"/> in between. Also hands out each distinct progress line once, for the log.
/// </summary>
internal sealed class ProgressThrottle(string service, string runId, TimeProvider time, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, int), (long At, TestProgressReported Event)> _journaled = [];
    private readonly Dictionary<(string, int), TestProgressReported> _latest = [];
    private readonly Dictionary<(string, int), string> _lines = [];

    public TestProgressReported? Offer(TestProgress p, out string? line)
    {
        var key = (p.Assembly, p.Shard);
        var e = new TestProgressReported(service, runId, p.Assembly, p.Shard, p.ShardCount, p.Completed, p.Total, p.Passed, p.Failed, p.Seed);
        lock (_gate)
        {
            var text = p.ToString();
            line = _lines.TryGetValue(key, out var previous) && previous == text ? null : text;
            _lines[key] = text;
            _latest[key] = e;
            var now = time.GetTimestamp();
            var due = !_journaled.TryGetValue(key, out var last)
                || (p.Completed == p.Total && last.Event.Completed != p.Total)
                || (time.GetElapsedTime(last.At, now) >= interval && last.Event != e);
            if (!due)
            {
                return null;
            }

            _journaled[key] = (now, e);
            return e;
        }
    }

    /// <summary>The latest report of each shard that was not journaled yet (its end, when the run finished between two ticks).</summary>
    public IReadOnlyList<TestProgressReported> Unreported()
    {
        lock (_gate)
        {
            var pending = _latest.Where(p => !_journaled.TryGetValue(p.Key, out var j) || j.Event != p.Value).Select(p => p.Value).ToList();
            foreach (var e in pending)
            {
                _journaled[(e.Assembly, e.Shard)] = (time.GetTimestamp(), e);
            }

            return pending;
        }
    }
}
