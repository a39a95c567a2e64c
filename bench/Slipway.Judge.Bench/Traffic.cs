namespace Slipway.Judge.Bench;

/// <summary>Seeded traffic: Poisson arrivals, Bernoulli errors and log-normal latencies, recorded into a group's second.</summary>
internal sealed class Traffic(StreamSettings settings, int seed)
{
    private readonly Random _random = new(seed);
    private readonly double[] _bounds = [.. settings.Buckets];

    /// <summary>Adds one second of <paramref name="requestsPerSecond"/> arrivals to the group (the caller begins the second).</summary>
    public void Fill(GroupStream group, double requestsPerSecond, double errorRatio, double median)
    {
        var arrivals = Poisson(requestsPerSecond);
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
        // Knuth's method; fine for the few hundred arrivals per second simulated here (exp(-lambda) stays above zero).
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
