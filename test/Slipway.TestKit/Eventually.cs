using System.Diagnostics;

namespace Slipway.TestKit;

/// <summary>Polls a condition until it holds. Timeouts here are generous safety nets, never assertions about speed.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> until, string what, CancellationToken cancellationToken, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        T last;
        while (true)
        {
            last = await read();
            if (until(last))
            {
                return last;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}; last seen: {describe?.Invoke(last) ?? last?.ToString()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        GetAsync(() => Task.FromResult(condition()), ok => ok, what, cancellationToken, timeout);
}
