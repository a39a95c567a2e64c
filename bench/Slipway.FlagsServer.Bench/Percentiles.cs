using System.Globalization;

namespace Slipway.FlagsServer.Bench;

/// <summary>Nearest-rank percentiles of a sample of durations, in milliseconds.</summary>
internal sealed record Percentiles(int Count, double P50, double P90, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyList<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.90), At(0.99), sorted[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"n={Count}  p50 {P50:0.00} ms  p90 {P90:0.00} ms  p99 {P99:0.00} ms  max {Max:0.00} ms");
}
