namespace Slipway.Judge.Bench;

internal static class Seeds
{
    /// <summary>A run's seed from the bench seed, the scenario and the run (HashCode.Combine is randomized per process; runs must replay from the seed alone).</summary>
    public static int Run(int seed, int scenario, int run)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)scenario * 0xBF58476D1CE4E5B9UL + (ulong)run * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        x *= 0xD6E8FEB86659FD93UL;
        x ^= x >> 32;
        return (int)(x & 0x7FFFFFFF);
    }
}
