namespace Slipway.Server.Services;

/// <summary>Wakes a service's driver when the journal changes. Arm before reading state, then wait: no change is missed.</summary>
internal sealed class ServiceSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Set"/> after this call.</summary>
    public Task Arm()
    {
        var current = Volatile.Read(ref _next);
        if (current.Task.IsCompleted)
        {
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.CompareExchange(ref _next, fresh, current);
        }

        return Volatile.Read(ref _next).Task;
    }

    public void Set() => Volatile.Read(ref _next).TrySetResult();
}
