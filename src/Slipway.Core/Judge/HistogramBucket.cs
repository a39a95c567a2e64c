namespace Slipway.Core.Judge;

/// <summary>A Prometheus-style cumulative bucket: how many observations were at most <see cref="UpperBound"/> (the <c>le</c> label).</summary>
public sealed record HistogramBucket(double UpperBound, double CumulativeCount);
