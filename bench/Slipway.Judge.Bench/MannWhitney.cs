namespace Slipway.Judge.Bench;

/// <summary>
/// The Mann-Whitney U test as Kayenta uses it: the Hodges-Lehmann estimate of the shift between
/// two samples (median of all pairwise differences) and its distribution-free confidence interval
/// (order statistics of the differences, normal approximation to U's distribution).
/// </summary>
internal static class MannWhitney
{
    public static (double Lower, double Upper, double Estimate) ShiftInterval(double[] experiment, double[] control, double confidence)
    {
        var m = experiment.Length;
        var n = control.Length;
        var differences = new double[m * n];
        var k = 0;
        foreach (var x in experiment)
        {
            foreach (var y in control)
            {
                differences[k++] = x - y;
            }
        }

        Array.Sort(differences);
        var z = InverseNormal(1 - (1 - confidence) / 2);
        var c = (int)Math.Floor(m * n / 2.0 - z * Math.Sqrt(m * n * (m + n + 1) / 12.0));
        c = Math.Clamp(c, 0, differences.Length - 1);
        var estimate = differences.Length % 2 == 1
            ? differences[differences.Length / 2]
            : (differences[differences.Length / 2 - 1] + differences[differences.Length / 2]) / 2;
        return (differences[c], differences[differences.Length - 1 - c], estimate);
    }

    /// <summary>Acklam's rational approximation to the standard normal quantile.</summary>
    public static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            return -InverseNormal(1 - p);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
