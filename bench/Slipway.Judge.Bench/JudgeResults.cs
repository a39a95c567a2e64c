namespace Slipway.Judge.Bench;

/// <summary>The outcomes of one judge over every run of one scenario (null where it had not decided by the horizon).</summary>
internal sealed record JudgeResults(string Judge, Outcome?[] Outcomes)
{
    public int Runs => Outcomes.Length;

    public int Rollbacks => Outcomes.Count(o => o is { Rollback: true });

    public int Promotions => Outcomes.Count(o => o is { Rollback: false });

    public int Undecided => Outcomes.Count(o => o is null);

    public double RollbackRate => (double)Rollbacks / Runs;

    /// <summary>Median and 95th percentile of the decision time of the runs that ended in the given way.</summary>
    public (double Median, double P95) Times(bool rollback)
    {
        var times = Outcomes.Where(o => o is not null && o.Rollback == rollback).Select(o => (double)o!.Seconds).Order().ToArray();
        return times.Length == 0 ? (double.NaN, double.NaN) : (Percentile(times, 0.5), Percentile(times, 0.95));
    }

    /// <summary>Wilson 95% upper bound of the rollback rate.</summary>
    public double RollbackRateUpper95
    {
        get
        {
            const double z = 1.959964;
            double n = Runs;
            var p = RollbackRate;
            var centre = p + z * z / (2 * n);
            var spread = z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n));
            return (centre + spread) / (1 + z * z / n);
        }
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
