namespace Slipway.Judge.Bench;

/// <summary>
/// A fixed-horizon test on the cohorts' error ratio, standing in for the classical approach (LaunchDarkly's published
/// approach stands in here, as the issue asks): a one-sided exact test at level α, read once at the horizon. Significant
/// and worse: roll back; otherwise promote. The test is the exact conditional one for two Poisson counts (given the
/// errors in both cohorts, the flag-on cohort's share of them is binomial with its share of requests), so it keeps its
/// α at the one or two errors a small cohort has, where a normal-approximation z-test does not. With <c>peek</c> the
/// same test is read every second (what people do with a dashboard), which a fixed-horizon test does not allow: its
/// false-alarm rate is no longer α. Errors only: it has no latency or goal check.
/// </summary>
internal sealed class FixedHorizonJudge(int horizonSeconds, double alpha, bool peek, int minRequests = 100) : IStreamJudge
{
    public string Name => peek
        ? $"fixed-horizon exact test, read every second (peeking), α={alpha}, {horizonSeconds} s"
        : $"fixed-horizon exact test, one look at {horizonSeconds} s, α={alpha}";

    public IJudgeRun Start(StreamSettings settings) => new Run(this);

    private int Horizon => horizonSeconds;

    private bool Peek => peek;

    private int MinRequests => minRequests;

    private double Alpha => alpha;

    private sealed class Run(FixedHorizonJudge config) : IJudgeRun
    {
        public Outcome? Observe(int second, GroupStream canary, GroupStream baseline)
        {
            var atHorizon = second >= config.Horizon;
            if (!atHorizon && !config.Peek)
            {
                return null;
            }

            if (canary.Requests >= config.MinRequests && baseline.Requests >= config.MinRequests)
            {
                var total = canary.Errors + baseline.Errors;
                var share = (double)canary.Requests / (canary.Requests + baseline.Requests);
                var p = UpperTail(canary.Errors, total, share);
                if (p < config.Alpha)
                {
                    return new Outcome(true, second, $"p={p:0.####}: {canary.Errors}/{canary.Requests} vs {baseline.Errors}/{baseline.Requests}");
                }
            }

            return atHorizon ? new Outcome(false, second) : null;
        }
    }

    /// <summary>P(X ≥ k) for X ~ Binomial(n, p), summed in log space.</summary>
    private static double UpperTail(long k, long n, double p)
    {
        if (k <= 0)
        {
            return 1;
        }

        var sum = 0.0;
        for (var x = k; x <= n; x++)
        {
            sum += Math.Exp(LogChoose(n, x) + x * Math.Log(p) + (n - x) * Math.Log(1 - p));
        }

        return Math.Min(1, sum);
    }

    private static double LogChoose(long n, long k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(long n)
    {
        var sum = 0.0;
        for (var i = 2; i <= n; i++)
        {
            sum += Math.Log(i);
        }

        return sum;
    }
}
