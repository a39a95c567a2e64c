namespace Slipway.Flags.Protocol;

/// <summary>
/// How the requests that were served one variant of a flag ended, since the previous batch: counts by status class
/// (<c>StatusClasses[0]</c> is 1xx … <c>[4]</c> 5xx), a duration histogram over <see cref="DurationBoundsMs"/> (one more
/// bucket than bounds, for everything above the last), and goals (tracked event names) reached in those requests.
/// </summary>
public sealed record VariantOutcome(string FlagKey, string Variant, IReadOnlyList<long> StatusClasses, IReadOnlyList<long> DurationBuckets, IReadOnlyDictionary<string, long> Goals)
{
    public static IReadOnlyList<double> DurationBoundsMs { get; } = [1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 750, 1000, 1500, 2500, 5000, 10000];
}
