using Slipway.Server.Agents;

namespace Slipway.Bench.Setup;

/// <summary>
/// Follows the agents' reports (which are not journaled) and keeps, for every instance, the first time each state
/// was seen (preparing, starting, listening …) its process id and its port.
/// </summary>
internal sealed class InstanceLog : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Id, string State), DateTimeOffset> _firstSeen = [];
    private readonly Dictionary<(string Id, string State, int Restarts), DateTimeOffset> _firstSeenAfter = [];
    private readonly Dictionary<string, int> _pids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public InstanceLog(AgentHub agents, TimeProvider time)
    {
        _loop = Task.Run(() => FollowAsync(agents, time, _stop.Token));
    }

    public DateTimeOffset? FirstSeen(string id, string state)
    {
        lock (_lock)
        {
            return _firstSeen.TryGetValue((id, state), out var at) ? at : null;
        }
    }

    /// <summary>The first time the instance was seen in <paramref name="state"/> after <paramref name="restarts"/> exits.</summary>
    public DateTimeOffset? FirstSeen(string id, string state, int restarts)
    {
        lock (_lock)
        {
            return _firstSeenAfter.TryGetValue((id, state, restarts), out var at) ? at : null;
        }
    }

    public int? Pid(string id)
    {
        lock (_lock)
        {
            return _pids.TryGetValue(id, out var pid) ? pid : null;
        }
    }

    public int? Port(string id)
    {
        lock (_lock)
        {
            return _ports.TryGetValue(id, out var port) ? port : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task FollowAsync(AgentHub agents, TimeProvider time, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var next = agents.NextReport;
            var now = time.GetUtcNow();
            lock (_lock)
            {
                foreach (var status in agents.All)
                {
                    _firstSeen.TryAdd((status.Id, status.State), now);
                    _firstSeenAfter.TryAdd((status.Id, status.State, status.Restarts), now);
                    if (status.Pid is { } pid)
                    {
                        _pids[status.Id] = pid;
                    }

                    if (status.Port is { } port)
                    {
                        _ports[status.Id] = port;
                    }
                }
            }

            await next.WaitAsync(ct);
        }
    }
}
