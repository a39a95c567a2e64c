namespace Slipway.Judge.Bench;

/// <summary>PromQL's <c>histogram_quantile</c> over non-cumulative bucket counts (the last one +Inf).</summary>
internal static class Prometheus
{
    public static double HistogramQuantile(double q, IReadOnlyList<double> bounds, long[] counts)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return double.NaN;
        }

        var rank = q * total;
        double cumulative = 0;
        var lower = 0.0;
        for (var i = 0; i < bounds.Count; i++)
        {
            var next = cumulative + counts[i];
            if (next >= rank)
            {
                return counts[i] == 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - cumulative) / counts[i];
            }

            cumulative = next;
            lower = bounds[i];
        }

        return bounds[^1];
    }
}
