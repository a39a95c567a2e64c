namespace Slipway.Judge.Bench;

/// <summary>
/// Flagger-style analysis: every <c>interval</c> it checks the canary alone against fixed
/// thresholds over the last interval (request success rate ≥ 99%, p99 latency ≤ a fixed maximum,
/// and "no values found" is a failure). Each failed iteration adds one to the failed-checks count,
/// which is never reset during the analysis; at <c>threshold</c> failures it rolls back. Each
/// passing iteration advances the traffic weight one step; after <c>steps</c> passes it promotes.
/// </summary>
internal sealed class FlaggerJudge(string label, int intervalSeconds, int threshold, int steps, double maxLatency) : IStreamJudge
{
    public string Name => label;

    public int IntervalSeconds => intervalSeconds;

    public int Threshold => threshold;

    public int Steps => steps;

    public double MaxLatency => maxLatency;

    public IJudgeRun Start(StreamSettings settings) => new Run(this, settings);

    private sealed class Run(FlaggerJudge config, StreamSettings settings) : IJudgeRun
    {
        private long _requests;
        private long _errors;
        private readonly long[] _buckets = new long[settings.Buckets.Count + 1];
        private int _failed;
        private int _passed;

        public Outcome? Observe(int second, GroupStream canary, GroupStream baseline)
        {
            _requests += canary.LastRequests;
            _errors += canary.LastErrors;
            for (var i = 0; i < _buckets.Length; i++)
            {
                _buckets[i] += canary.LastBucketCounts[i];
            }

            if (second % config.IntervalSeconds != 0)
            {
                return null;
            }

            var ok = _requests > 0
                && 1.0 - (double)_errors / _requests >= 0.99
                && Prometheus.HistogramQuantile(0.99, settings.Buckets, _buckets) <= config.MaxLatency;
            _requests = 0;
            _errors = 0;
            Array.Clear(_buckets);
            if (ok)
            {
                _passed++;
            }
            else
            {
                _failed++;
            }

            return _failed >= config.Threshold ? new Outcome(true, second)
                : _passed >= config.Steps ? new Outcome(false, second)
                : null;
        }
    }
}
