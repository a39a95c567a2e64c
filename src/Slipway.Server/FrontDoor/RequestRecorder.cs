namespace Slipway.Server.FrontDoor;

/// <summary>
/// What the front door saw of one instance: requests by status class, a latency histogram on fixed bounds, and the
/// requests in flight. Fixed size (one array of counters), lock-free: each request costs a few interlocked increments.
/// Counts are cumulative from the instance's first routed request, like a Prometheus counter.
/// </summary>
internal sealed class RequestRecorder(string instanceId, string service, string version)
{
    /// <summary>
    /// Upper bounds in seconds: 0.5 ms to about 33 s, each about 1.26 times the one before (three per doubling),
    /// fine enough that a 20% slowdown moves the tail by most of a bucket. The last bucket (+Inf) is implicit.
    /// </summary>
    public static readonly double[] Bounds = [.. Enumerable.Range(0, 49).Select(i => Math.Round(0.0005 * Math.Pow(2, i / 3.0), 6))];

    // Index 0: no status (the request failed before an answer); 1..5: 1xx..5xx.
    private readonly long[] _classes = new long[6];
    private readonly long[] _buckets = new long[Bounds.Length + 1];
    private long _sumTicks;
    private int _inFlight;

    public string InstanceId { get; } = instanceId;

    public string Service { get; } = service;

    public string Version { get; } = version;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Begin() => Interlocked.Increment(ref _inFlight);

    /// <summary>Records one finished request: its status code (0 when none was sent) and how long it took.</summary>
    public void End(int statusCode, TimeSpan duration)
    {
        Interlocked.Decrement(ref _inFlight);
        var statusClass = statusCode is >= 100 and < 600 ? statusCode / 100 : 0;
        Interlocked.Increment(ref _classes[statusClass]);
        var seconds = duration.TotalSeconds;
        var index = Array.BinarySearch(Bounds, seconds);
        Interlocked.Increment(ref _buckets[index >= 0 ? index : ~index]);
        Interlocked.Add(ref _sumTicks, duration.Ticks);
    }

    /// <summary>Ends a request that is not counted (an attempt retried on another instance before anything was sent back).</summary>
    public void Abandon() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A consistent-enough copy of the counters (each read atomically; a request may land between reads).</summary>
    public RecorderSnapshot Snapshot()
    {
        var classes = new long[_classes.Length];
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = Interlocked.Read(ref _classes[i]);
        }

        var buckets = new long[_buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Interlocked.Read(ref _buckets[i]);
        }

        return new RecorderSnapshot(classes, buckets, TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks)).TotalSeconds, InFlight);
    }
}
