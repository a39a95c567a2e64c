namespace Slipway.Core.Judge;

/// <summary>
/// What one group of instances (canary, baseline or fleet) did since the bake started, summed
/// over its instances. Keys are the <see cref="Check.Metric"/> names. A key that is absent is a
/// missing series: the judge reports "no data" for the check and never passes it.
/// </summary>
public sealed record GroupSnapshot
{
    /// <summary>How many instances the counts were summed over (for per-instance rates).</summary>
    public int Instances { get; init; } = 1;

    /// <summary>How long the counts cover. Null means the bake's elapsed time (<see cref="JudgeInput.Elapsed"/>).</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>Requests and errors per error-ratio metric.</summary>
    public IReadOnlyDictionary<string, RequestCounts> Requests { get; init; } = new Dictionary<string, RequestCounts>();

    /// <summary>Latency histograms per latency metric.</summary>
    public IReadOnlyDictionary<string, HistogramSnapshot> Histograms { get; init; } = new Dictionary<string, HistogramSnapshot>();

    /// <summary>Counter increases per counter metric.</summary>
    public IReadOnlyDictionary<string, double> Counters { get; init; } = new Dictionary<string, double>();

    public static GroupSnapshot Empty { get; } = new();

    /// <summary>
    /// The increase from <paramref name="start"/> (a scrape at the start of the bake) to this scrape.
    /// A value that went down means the counter was reset (the process restarted), so the current value
    /// is taken as the increase, as Prometheus' <c>increase()</c> does. Series absent now stay absent.
    /// </summary>
    public GroupSnapshot Since(GroupSnapshot start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return this with
        {
            Requests = Requests.ToDictionary(
                kv => kv.Key,
                kv => start.Requests.TryGetValue(kv.Key, out var old)
                    ? new RequestCounts(Delta(kv.Value.Requests, old.Requests), kv.Value.Requests < old.Requests ? kv.Value.Errors : Delta(kv.Value.Errors, old.Errors))
                    : kv.Value),
            Histograms = Histograms.ToDictionary(
                kv => kv.Key,
                kv => start.Histograms.TryGetValue(kv.Key, out var old) ? kv.Value.Since(old) : kv.Value),
            Counters = Counters.ToDictionary(
                kv => kv.Key,
                kv => start.Counters.TryGetValue(kv.Key, out var old) ? Delta(kv.Value, old) : kv.Value),
        };
    }

    private static double Delta(double now, double before) => now < before ? now : now - before;
}
