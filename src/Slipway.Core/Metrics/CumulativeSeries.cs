namespace Slipway.Core.Metrics;

/// <summary>
/// Which samples only ever grow while their process lives, judged from the family's <c># TYPE</c>:
/// a counter (<c>x</c> or <c>x_total</c>), a histogram's <c>_bucket</c>, <c>_sum</c> and <c>_count</c>,
/// a summary's <c>_sum</c> and <c>_count</c>. A drop in such a sample means the process restarted.
/// Untyped samples and gauges are never treated as cumulative.
/// </summary>
internal static class CumulativeSeries
{
    public static bool IsCumulative(string sampleName, IReadOnlyDictionary<string, string> types)
    {
        ArgumentNullException.ThrowIfNull(sampleName);
        ArgumentNullException.ThrowIfNull(types);
        if (types.TryGetValue(sampleName, out var own))
        {
            return own == "counter";
        }

        return Base(sampleName, "_total") is { } counter && Is(types, counter, "counter")
            || Base(sampleName, "_bucket") is { } histogram && Is(types, histogram, "histogram")
            || (Base(sampleName, "_sum") ?? Base(sampleName, "_count")) is { } family
                && (Is(types, family, "histogram") || Is(types, family, "summary"));
    }

    private static string? Base(string name, string suffix) =>
        name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : null;

    private static bool Is(IReadOnlyDictionary<string, string> types, string family, string type) =>
        types.TryGetValue(family, out var declared) && declared == type;
}
