namespace Slipway.Judge.Bench;

/// <summary>One group's counters since the bake started, and what the last second added.</summary>
internal sealed class GroupStream(int buckets)
{
    public long Requests { get; private set; }

    public long Errors { get; private set; }

    public double LatencySum { get; private set; }

    /// <summary>Non-cumulative counts per bucket; the last slot is +Inf.</summary>
    public long[] BucketCounts { get; } = new long[buckets + 1];

    public long LastRequests { get; private set; }

    public long LastErrors { get; private set; }

    public long[] LastBucketCounts { get; } = new long[buckets + 1];

    public void BeginSecond()
    {
        LastRequests = 0;
        LastErrors = 0;
        Array.Clear(LastBucketCounts);
    }

    public void Record(bool error, double latency, int bucket)
    {
        Requests++;
        LastRequests++;
        if (error)
        {
            Errors++;
            LastErrors++;
        }

        LatencySum += latency;
        BucketCounts[bucket]++;
        LastBucketCounts[bucket]++;
    }
}
