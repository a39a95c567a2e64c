namespace Slipway.Judge.Bench;

/// <summary>Generates one seeded bake: Poisson arrivals, Bernoulli errors and log-normal latencies, one second at a time.</summary>
internal sealed class StreamSimulator(StreamSettings settings, Scenario scenario, int seed)
{
    private readonly Traffic _traffic = new(settings, seed);

    public GroupStream Canary { get; } = new(settings.Buckets.Count);

    public GroupStream Baseline { get; } = new(settings.Buckets.Count);

    public void AdvanceOneSecond()
    {
        Canary.BeginSecond();
        _traffic.Fill(Canary, settings.RequestsPerSecond, scenario.CanaryErrorRatio, settings.MedianLatency * scenario.CanaryLatencyFactor);
        Baseline.BeginSecond();
        _traffic.Fill(Baseline, settings.RequestsPerSecond, scenario.BaselineErrorRatio, settings.MedianLatency);
    }
}
