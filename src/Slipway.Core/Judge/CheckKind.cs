namespace Slipway.Core.Judge;

/// <summary>What a <see cref="Check"/> measures (<c>kind:</c> in a check).</summary>
public enum CheckKind
{
    /// <summary><c>error_ratio</c>: errors out of requests. The minimum effect is in absolute percentage points (<c>1pp</c>).</summary>
    ErrorRatio,

    /// <summary><c>latency_quantile</c>: a quantile of a latency histogram; needs <c>quantile</c>. The minimum effect is relative (<c>20%</c>).</summary>
    LatencyQuantile,

    /// <summary><c>counter_rate</c>: events per instance-second of a counter. The minimum effect is relative (<c>20%</c>).</summary>
    CounterRate,

    /// <summary>
    /// Goals reached out of requests (a flag cohort's declared goal, for example "checkout completed"). The group's
    /// <see cref="GroupSnapshot.Requests"/> entry holds requests and goals (in <see cref="RequestCounts.Errors"/>).
    /// The minimum effect is relative to the reference's ratio (<c>2%</c>): a drop of 2% of it, not 2 points.
    /// Not a <c>slipway.yml</c> kind: guarded flag rollouts declare goals.
    /// </summary>
    GoalRatio,
}
