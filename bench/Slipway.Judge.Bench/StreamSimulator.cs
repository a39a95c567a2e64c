namespace Slipway.Judge.Bench;

/// <summary>Generates one seeded bake: Poisson arrivals, Bernoulli errors and log-normal latencies, one second at a time.</summary>
internal sealed class StreamSimulator(StreamSettings settings, Scenario scenario, int seed)
{
    private readonly Random _random = new(seed);
    private readonly double[] _bounds = [.. settings.Buckets];

    public GroupStream Canary { get; } = new(settings.Buckets.Count);

    public GroupStream Baseline { get; } = new(settings.Buckets.Count);

    public void AdvanceOneSecond()
    {
        Fill(Canary, scenario.CanaryErrorRatio, settings.MedianLatency * scenario.CanaryLatencyFactor);
        Fill(Baseline, scenario.BaselineErrorRatio, settings.MedianLatency);
    }

    private void Fill(GroupStream group, double errorRatio, double median)
    {
        group.BeginSecond();
        var arrivals = Poisson(settings.RequestsPerSecond);
        var mu = Math.Log(median);
        for (var i = 0; i < arrivals; i++)
        {
            var latency = Math.Exp(mu + settings.LatencySigma * Gaussian());
            var bucket = Array.BinarySearch(_bounds, latency);
            group.Record(_random.NextDouble() < errorRatio, latency, bucket >= 0 ? bucket : ~bucket);
        }
    }

    private int Poisson(double lambda)
    {
        // Knuth's method; fine for the tens of arrivals per second simulated here.
        var limit = Math.Exp(-lambda);
        var product = _random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= _random.NextDouble();
        }

        return count;
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
