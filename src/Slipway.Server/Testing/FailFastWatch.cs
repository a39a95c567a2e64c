namespace Slipway.Server.Testing;

/// <summary>
/// What the shards of one stage run report as they go, for the fail-fast summary: when the first shard started, how many
/// tests have finished across all shards, the first failure (when, after how many tests), and which failure stopped
/// the other shards. Shards report from their own threads.
/// </summary>
internal sealed class FailFastWatch(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Assembly, int Shard), int> _reported = [];
    private long? _started;
    private int _finished;

    public string? FirstFailure { get; private set; }

    public int FinishedAtFirstFailure { get; private set; }

    public TimeSpan? FirstFailureAfter { get; private set; }

    public string? StoppedBy { get; set; }

    public void Start()
    {
        lock (_gate)
        {
            _started ??= timeProvider.GetTimestamp();
        }
    }

    public void Finished(int count)
    {
        lock (_gate)
        {
            _finished += count;
        }
    }

    /// <summary>How many failures of this shard were reported already.</summary>
    public int Reported(TestExecutable executable, int shard)
    {
        lock (_gate)
        {
            return _reported.GetValueOrDefault((executable.AssemblyName, shard));
        }
    }

    public void Failed(TestExecutable executable, int shard, Slipway.Core.Testing.TestName test)
    {
        lock (_gate)
        {
            var key = (executable.AssemblyName, shard);
            _reported[key] = _reported.GetValueOrDefault(key) + 1;
            if (FirstFailure is null)
            {
                FirstFailure = test.FullName;
                FinishedAtFirstFailure = _finished;
                FirstFailureAfter = _started is { } started ? timeProvider.GetElapsedTime(started) : TimeSpan.Zero;
            }
        }
    }
}
