namespace Slipway.Core.Config;

/// <summary>What a check measures (<c>kind:</c> in a check).</summary>
public enum CheckKind
{
    /// <summary><c>error_ratio</c>: failed requests divided by all requests.</summary>
    ErrorRatio,

    /// <summary><c>latency_quantile</c>: a quantile of a latency histogram; needs <c>quantile</c>.</summary>
    LatencyQuantile,

    /// <summary><c>counter_rate</c>: the per-second rate of a counter.</summary>
    CounterRate,
}
