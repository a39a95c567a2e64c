using System.Globalization;

namespace Slipway.Core.Judge;

/// <summary>Number formats for evidence lines, always in the invariant culture.</summary>
internal static class EvidenceFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>0.048 → "4.8%", 0.001 → "0.1%", 0.0005 → "0.05%".</summary>
    public static string Percent(double fraction)
    {
        var percent = fraction * 100;
        return (Math.Abs(percent) >= 1 || percent == 0 ? percent.ToString("0.0", Invariant) : percent.ToString("0.0#", Invariant)) + "%";
    }

    /// <summary>0.047 → "+4.7 pp".</summary>
    public static string SignedPoints(double fraction) => Sign(fraction) + Math.Abs(fraction * 100).ToString("0.0", Invariant) + " pp";

    /// <summary>0.01 → "1 pp".</summary>
    public static string Points(double fraction) => (fraction * 100).ToString("0.##", Invariant) + " pp";

    /// <summary>1.08 → "+108%".</summary>
    public static string SignedRelative(double fraction) =>
        double.IsPositiveInfinity(fraction) ? "+∞%" : Sign(fraction) + Math.Abs(fraction * 100).ToString("0", Invariant) + "%";

    /// <summary>0.2 → "20%".</summary>
    public static string Relative(double fraction) => (fraction * 100).ToString("0.##", Invariant) + "%";

    /// <summary>0.412 → "412 ms", 0.0042 → "4.2 ms", 1.25 → "1.25 s".</summary>
    public static string Seconds(double seconds) => seconds switch
    {
        >= 1 => seconds.ToString("0.##", Invariant) + " s",
        >= 0.01 => (seconds * 1000).ToString("0", Invariant) + " ms",
        _ => (seconds * 1000).ToString("0.##", Invariant) + " ms",
    };

    public static string Rate(double perSecond) => perSecond.ToString(perSecond >= 10 ? "0.0" : "0.0##", Invariant) + "/s";

    /// <summary>"p&lt;0.001" or "p=0.042".</summary>
    public static string P(double p) => p < 0.001 ? "p<0.001" : "p=" + p.ToString("0.###", Invariant);

    public static string Elapsed(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", Invariant) + " s";

    public static string Count(double count) => count.ToString("N0", Invariant);

    public static string Number(double value) => value.ToString("0.####", Invariant);

    private static string Sign(double value) => value < 0 ? "-" : "+";
}
