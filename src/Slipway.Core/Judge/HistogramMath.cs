namespace Slipway.Core.Judge;

/// <summary>Quantiles and exceedances from cumulative buckets, interpolating linearly inside a bucket as Prometheus' <c>histogram_quantile</c> does.</summary>
internal static class HistogramMath
{
    /// <summary>The q-quantile; in the +Inf bucket it is the largest finite bound. Null when the histogram is empty.</summary>
    public static double? Quantile(HistogramSnapshot histogram, double q)
    {
        if (histogram.Count <= 0)
        {
            return null;
        }

        var rank = q * histogram.Count;
        var lowerBound = 0.0;
        var lowerCount = 0.0;
        foreach (var bucket in histogram.Buckets)
        {
            if (!double.IsFinite(bucket.UpperBound))
            {
                break;
            }

            if (bucket.CumulativeCount >= rank)
            {
                var inBucket = bucket.CumulativeCount - lowerCount;
                var from = Math.Min(lowerBound, bucket.UpperBound);
                return inBucket <= 0 ? bucket.UpperBound : from + (bucket.UpperBound - from) * (rank - lowerCount) / inBucket;
            }

            lowerBound = bucket.UpperBound;
            lowerCount = bucket.CumulativeCount;
        }

        return lowerBound;
    }

    /// <summary>Observations at most <paramref name="bound"/>, interpolated; beyond the last finite bound, the count.</summary>
    public static double CountAtMost(HistogramSnapshot histogram, double bound)
    {
        var lowerBound = 0.0;
        var lowerCount = 0.0;
        foreach (var bucket in histogram.Buckets)
        {
            if (!double.IsFinite(bucket.UpperBound))
            {
                break;
            }

            if (bound <= bucket.UpperBound)
            {
                if (bound <= lowerBound)
                {
                    return lowerCount;
                }

                return lowerCount + (bucket.CumulativeCount - lowerCount) * (bound - lowerBound) / (bucket.UpperBound - lowerBound);
            }

            lowerBound = bucket.UpperBound;
            lowerCount = bucket.CumulativeCount;
        }

        return bound <= lowerBound ? lowerCount : histogram.Count;
    }

    /// <summary>Share of observations above <paramref name="bound"/>.</summary>
    public static double Exceedance(HistogramSnapshot histogram, double bound) =>
        histogram.Count <= 0 ? 0 : Math.Clamp(1 - CountAtMost(histogram, bound) / histogram.Count, 0, 1);

    /// <summary>The exact cumulative count at a bucket bound.</summary>
    public static double CountAtBound(HistogramSnapshot histogram, double bound) =>
        histogram.Buckets.First(b => b.UpperBound == bound).CumulativeCount;
}
