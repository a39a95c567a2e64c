using Slipway.Core.Judge;
using Slipway.Core.Metrics;

namespace Slipway.Server.Metrics;

/// <summary>
/// Sums the latest samples of a group of instances into what the judge reads, per check:
/// error ratio → all series of the family and those whose status label (<c>code</c>, or OpenTelemetry's <c>http_response_status_code</c>) starts with 5; a check's alternatives stand in for a missing family; latency →
/// the <c>_bucket</c> series by <c>le</c> with <c>_sum</c> and <c>_count</c>; counter → the family's sum.
/// A family that no instance exposes is left out, never reported as zero.
/// </summary>
internal static class SampleAggregation
{
    public static GroupSnapshot Sum(IReadOnlyList<IReadOnlyList<MetricSample>> instances, IReadOnlyList<Check> checks)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(checks);
        var all = instances.SelectMany(i => i).ToList();
        var requests = new Dictionary<string, RequestCounts>(StringComparer.Ordinal);
        var histograms = new Dictionary<string, HistogramSnapshot>(StringComparer.Ordinal);
        var counters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            switch (check.Kind)
            {
                case CheckKind.ErrorRatio when First(check, name => Family(all, name) is { Count: > 0 } f ? f : null) is { } family:
                    requests[check.Metric] = new RequestCounts(
                        family.Sum(s => s.Value),
                        family.Where(IsServerError).Sum(s => s.Value));
                    break;
                case CheckKind.LatencyQuantile when First(check, name => Histogram(all, name)) is { } histogram:
                    histograms[check.Metric] = histogram;
                    break;
                case CheckKind.CounterRate when First(check, name => Family(all, name) is { Count: > 0 } f ? f : null) is { } family:
                    counters[check.Metric] = family.Sum(s => s.Value);
                    break;
            }
        }

        return new GroupSnapshot
        {
            Instances = instances.Count,
            Requests = requests,
            Histograms = histograms,
            Counters = counters,
        };
    }

    /// <summary>The labels that carry an HTTP status code: Prometheus' and prometheus-net's <c>code</c>, OpenTelemetry's <c>http_response_status_code</c>.</summary>
    public static readonly string[] StatusLabels = ["code", "http_response_status_code", "status_code", "status"];

    /// <summary>The series under the check's metric, or else under the first of its alternatives that this group exposes.</summary>
    private static T? First<T>(Check check, Func<string, T?> read)
        where T : class =>
        check.Names.Select(read).FirstOrDefault(found => found is not null);

    private static List<MetricSample> Family(List<MetricSample> samples, string name) =>
        samples.Where(s => s.Name == name).ToList();

    public static bool IsServerError(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var label in StatusLabels)
        {
            if (labels.TryGetValue(label, out var code))
            {
                return code.StartsWith('5');
            }
        }

        return false;
    }

    private static bool IsServerError(MetricSample sample) => IsServerError(sample.Labels);

    private static HistogramSnapshot? Histogram(List<MetricSample> samples, string metric)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var bucket in Family(samples, metric + "_bucket"))
        {
            if (bucket.Labels.TryGetValue("le", out var le) && PrometheusTextParser.TryParseValue(le, out var bound) && !double.IsNaN(bound))
            {
                buckets[bound] = buckets.GetValueOrDefault(bound) + bucket.Value;
            }
        }

        if (buckets.Count == 0)
        {
            return null;
        }

        var counts = Family(samples, metric + "_count");
        double count;
        if (counts.Count > 0)
        {
            count = counts.Sum(s => s.Value);
        }
        else if (buckets.TryGetValue(double.PositiveInfinity, out var inf))
        {
            count = inf;
        }
        else
        {
            return null;
        }

        var sum = Family(samples, metric + "_sum").Sum(s => s.Value);
        return new HistogramSnapshot(buckets.Select(b => new HistogramBucket(b.Key, b.Value)).ToList(), sum, count);
    }
}
