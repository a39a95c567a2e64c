namespace Slipway.Judge.Bench;

/// <summary>
/// One seeded guarded flag step on a fleet: every instance serves <see cref="StreamSettings.RequestsPerSecond"/>, and
/// each request is in the flag-on cohort with probability <c>share</c> (Poisson thinning: the cohorts are independent
/// Poisson streams). Also the whole-instance view a deploy judge has of the same kind of traffic: one instance whose
/// requests are a mix of both cohorts, against one instance with the flag off.
/// </summary>
internal sealed class CohortSimulator(StreamSettings settings, Scenario scenario, int instances, double share, int seed)
{
    private readonly Traffic _traffic = new(settings, seed);

    /// <summary>The flag-on cohort summed over the fleet (the scenario's canary behaviour).</summary>
    public GroupStream FlagOn { get; } = new(settings.Buckets.Count);

    /// <summary>The flag-off cohort on the same instances at the same time (the scenario's baseline behaviour).</summary>
    public GroupStream FlagOff { get; } = new(settings.Buckets.Count);

    /// <summary>One instance with the flag on for its share of requests: both cohorts mixed in its whole stream.</summary>
    public GroupStream InstanceWithFlag { get; } = new(settings.Buckets.Count);

    /// <summary>One instance with the flag off.</summary>
    public GroupStream InstanceWithout { get; } = new(settings.Buckets.Count);

    public void AdvanceOneSecond()
    {
        var rps = settings.RequestsPerSecond;
        var onMedian = settings.MedianLatency * scenario.CanaryLatencyFactor;
        FlagOn.BeginSecond();
        _traffic.Fill(FlagOn, rps * share * instances, scenario.CanaryErrorRatio, onMedian);
        FlagOff.BeginSecond();
        _traffic.Fill(FlagOff, rps * (1 - share) * instances, scenario.BaselineErrorRatio, settings.MedianLatency);
        InstanceWithFlag.BeginSecond();
        _traffic.Fill(InstanceWithFlag, rps * share, scenario.CanaryErrorRatio, onMedian);
        _traffic.Fill(InstanceWithFlag, rps * (1 - share), scenario.BaselineErrorRatio, settings.MedianLatency);
        InstanceWithout.BeginSecond();
        _traffic.Fill(InstanceWithout, rps, scenario.BaselineErrorRatio, settings.MedianLatency);
    }
}
