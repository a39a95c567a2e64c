using Slipway.Core.Metrics;

namespace Slipway.Server.Metrics;

/// <summary>
/// Keeps one instance's cumulative series cumulative across restarts of its process: when a counter or
/// histogram sample goes down, the process restarted, so the value before the drop is added to every later
/// value of that series (as PromQL's <c>increase()</c> does). Gauges and untyped samples pass unchanged.
/// </summary>
internal sealed class CounterResetTracker
{
    private readonly Dictionary<string, (double LastRaw, double Offset)> _series = new(StringComparer.Ordinal);

    public IReadOnlyList<MetricSample> Correct(IEnumerable<MetricSample> samples, IReadOnlyDictionary<string, string> types)
    {
        var corrected = new List<MetricSample>();
        foreach (var sample in samples)
        {
            if (!CumulativeSeries.IsCumulative(sample.Name, types) || !double.IsFinite(sample.Value))
            {
                corrected.Add(sample);
                continue;
            }

            var key = Key(sample);
            var offset = 0.0;
            if (_series.TryGetValue(key, out var seen))
            {
                offset = sample.Value < seen.LastRaw ? seen.Offset + seen.LastRaw : seen.Offset;
            }

            _series[key] = (sample.Value, offset);
            corrected.Add(offset == 0 ? sample : sample with { Value = sample.Value + offset });
        }

        return corrected;
    }

    private static string Key(MetricSample sample) =>
        sample.Name + "{" + string.Join('\u0001', sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
}
