using Slipway.Bench.Setup;

namespace Slipway.Bench.Rollback;

/// <summary>
/// Watches, every millisecond on its own thread, what the front door routes to (only the old version? how many?)
/// and when the processes of the new version exit. Journal timestamps cannot show either.
/// </summary>
internal sealed class RollbackObserver : IDisposable
{
    private readonly BenchServer _bench;
    private readonly string _service;
    private readonly string _oldVersion;
    private readonly string _newVersion;
    private readonly Thread _thread;
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset At, bool OnlyOld, int OldCount)> _routes = [];
    private readonly Dictionary<int, DateTimeOffset?> _newPids = [];
    private volatile bool _stop;

    public RollbackObserver(BenchServer bench, string service, string oldVersion, string newVersion)
    {
        _bench = bench;
        _service = service;
        _oldVersion = oldVersion;
        _newVersion = newVersion;
        _thread = new Thread(Watch) { IsBackground = true, Name = "rollback observer" };
        _thread.Start();
    }

    /// <summary>Since when the front door has routed only the old version (null if it does not now).</summary>
    public DateTimeOffset? OnlyOldSince => LastTransition(r => r.OnlyOld);

    /// <summary>Since when the front door has routed only the old version, on <paramref name="count"/> instances.</summary>
    public DateTimeOffset? FullOldSince(int count) => LastTransition(r => r.OnlyOld && r.OldCount == count);

    /// <summary>When the last process of the new version exited (null if one still runs or none was seen).</summary>
    public DateTimeOffset? NewProcessesExited
    {
        get
        {
            lock (_lock)
            {
                return _newPids.Count == 0 || _newPids.Values.Any(v => v is null) ? null : _newPids.Values.Max();
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private DateTimeOffset? LastTransition(Func<(DateTimeOffset At, bool OnlyOld, int OldCount), bool> holds)
    {
        lock (_lock)
        {
            if (_routes.Count == 0 || !holds(_routes[^1]))
            {
                return null;
            }

            var i = _routes.Count - 1;
            while (i > 0 && holds(_routes[i - 1]))
            {
                i--;
            }

            return _routes[i].At;
        }
    }

    private void Watch()
    {
        (bool, int)? last = null;
        while (!_stop)
        {
            var now = _bench.Now;
            var routes = _bench.Server.Routes.For(_service);
            var state = (routes.All(d => d.Version == _oldVersion), routes.Count(d => d.Version == _oldVersion));
            foreach (var status in _bench.Server.Agents.All)
            {
                if (status.Version == _newVersion && status.Pid is { } pid)
                {
                    lock (_lock)
                    {
                        _newPids.TryAdd(pid, null);
                    }
                }
            }

            lock (_lock)
            {
                if (state != last)
                {
                    _routes.Add((now, state.Item1, state.Item2));
                    last = state;
                }

                foreach (var pid in _newPids.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    if (!Directory.Exists($"/proc/{pid}"))
                    {
                        _newPids[pid] = now;
                    }
                }
            }

            Thread.Sleep(1);
        }
    }
}
