namespace Slipway.Bench.Reporting;

internal static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile (the smallest value with at least p% of the values at or below it).</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Seconds(double seconds) => double.IsNaN(seconds) ? "–" : $"{seconds:0.000} s";

    public static string Millis(double seconds) => double.IsNaN(seconds) ? "–" : $"{seconds * 1000:0.0} ms";

    public static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MB";
}
