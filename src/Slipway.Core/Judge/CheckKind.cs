namespace Slipway.Core.Judge;

/// <summary>What a <see cref="Check"/> measures.</summary>
public enum CheckKind
{
    /// <summary>Errors out of requests. The minimum effect is in absolute percentage points.</summary>
    ErrorRatio,

    /// <summary>A latency quantile read from a histogram. The minimum effect is relative (0.2 = +20%).</summary>
    LatencyQuantile,

    /// <summary>Events per instance-second of a counter. The minimum effect is relative (0.2 = 20%).</summary>
    CounterRate,
}
