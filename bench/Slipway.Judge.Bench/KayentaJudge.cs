namespace Slipway.Judge.Bench;

/// <summary>
/// Kayenta-style canary analysis (NetflixACAJudge): after a fixed window it takes one value per
/// step for each metric (error ratio, p99 latency, request rate) in canary and baseline, and
/// classifies each metric with the Mann-Whitney classifier: "High" when the 98% interval of the
/// Hodges-Lehmann shift lies above +tolerance·|estimate| and the mean ratio exceeds the allowed
/// increase ("Low" mirrored for a decrease). The score is the percentage of metrics that pass;
/// at or above 95 it promotes, below it rolls back (marginal counts as a failure for a bake).
/// </summary>
internal sealed class KayentaJudge(string label, int windowSeconds, int stepSeconds, double allowedChange) : IStreamJudge
{
    private const double Confidence = 0.98;
    private const double Tolerance = 0.25;
    private const double PassScore = 95;

    public string Name => label;

    public int WindowSeconds => windowSeconds;

    public int StepSeconds => stepSeconds;

    public double AllowedChange => allowedChange;

    public IJudgeRun Start(StreamSettings settings) => new Run(this, settings);

    private sealed class Run(KayentaJudge config, StreamSettings settings) : IJudgeRun
    {
        private readonly List<double>[] _canary = [[], [], []];
        private readonly List<double>[] _baseline = [[], [], []];
        private readonly Step _canaryStep = new(settings.Buckets.Count + 1);
        private readonly Step _baselineStep = new(settings.Buckets.Count + 1);

        public Outcome? Observe(int second, GroupStream canary, GroupStream baseline)
        {
            _canaryStep.Add(canary);
            _baselineStep.Add(baseline);
            if (second % config.StepSeconds == 0)
            {
                _canaryStep.Flush(_canary, settings, config.StepSeconds);
                _baselineStep.Flush(_baseline, settings, config.StepSeconds);
            }

            if (second < config.WindowSeconds)
            {
                return null;
            }

            // error ratio and p99 are bad when they go up; request rate when it goes down.
            var passed = 0;
            passed += Classify(_canary[0], _baseline[0], increaseIsBad: true) ? 1 : 0;
            passed += Classify(_canary[1], _baseline[1], increaseIsBad: true) ? 1 : 0;
            passed += Classify(_canary[2], _baseline[2], increaseIsBad: false) ? 1 : 0;
            var score = 100.0 * passed / 3;
            return new Outcome(score < PassScore, second);
        }

        private bool Classify(List<double> canary, List<double> baseline, bool increaseIsBad)
        {
            var x = canary.Where(double.IsFinite).ToArray();
            var y = baseline.Where(double.IsFinite).ToArray();
            if (x.Length == 0 || y.Length == 0)
            {
                return false; // Nodata fails the metric.
            }

            if (x.Order().SequenceEqual(y.Order()) || x.Concat(y).Distinct().Count() == 1)
            {
                return true;
            }

            var (lower, upper, estimate) = MannWhitney.ShiftInterval(x, y, Confidence);
            var bound = Tolerance * Math.Abs(estimate);
            var ratio = x.Average() / y.Average();
            return increaseIsBad
                ? !(lower > bound && (double.IsNaN(ratio) || ratio > config.AllowedChange))
                : !(upper < -bound && (double.IsNaN(ratio) || ratio < 1 / config.AllowedChange));
        }
    }

    private sealed class Step(int buckets)
    {
        private long _requests;
        private long _errors;
        private readonly long[] _buckets = new long[buckets];

        public void Add(GroupStream group)
        {
            _requests += group.LastRequests;
            _errors += group.LastErrors;
            for (var i = 0; i < _buckets.Length; i++)
            {
                _buckets[i] += group.LastBucketCounts[i];
            }
        }

        public void Flush(List<double>[] series, StreamSettings settings, int seconds)
        {
            series[0].Add(_requests == 0 ? double.NaN : (double)_errors / _requests);
            series[1].Add(Prometheus.HistogramQuantile(0.99, settings.Buckets, _buckets));
            series[2].Add((double)_requests / seconds);
            _requests = 0;
            _errors = 0;
            Array.Clear(_buckets);
        }
    }
}
