namespace Slipway.Server.Services;

/// <summary>
/// One service's queue: at most one pending item, where a newer item supersedes a queued one,
/// and one loop that handles items one at a time, so a service never has two rollouts at once.
/// </summary>
internal sealed class ServiceWorker(string service)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private WorkItem? _pending;

    public string Service => service;

    public Task? Loop { get; set; }

    /// <summary>The item that started but has not finished, if any.</summary>
    public WorkItem? Current { get; set; }

    /// <summary>Queues <paramref name="item"/> and returns the item it superseded, if any.</summary>
    public WorkItem? Offer(WorkItem item)
    {
        WorkItem? superseded;
        lock (_gate)
        {
            superseded = _pending;
            _pending = item;
        }

        _signal.Release();
        return superseded;
    }

    public async Task<WorkItem> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(cancellationToken);
            lock (_gate)
            {
                if (_pending is { } item)
                {
                    _pending = null;
                    return item;
                }
            }
        }
    }
}
