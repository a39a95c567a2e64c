namespace Slipway.Core.Config;

public enum EffectUnit
{
    /// <summary><c>pp</c>: an absolute difference in percentage points (1pp = 0.01).</summary>
    PercentagePoints,

    /// <summary><c>%</c>: a difference relative to the old version's value.</summary>
    Percent,
}
