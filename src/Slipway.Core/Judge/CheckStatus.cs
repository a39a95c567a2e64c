namespace Slipway.Core.Judge;

public enum CheckStatus
{
    /// <summary>The confidence sequence lies inside the minimum effect.</summary>
    Pass,

    /// <summary>The change is significant and larger than the minimum effect.</summary>
    Regressed,

    /// <summary>Enough data, but neither of the above yet.</summary>
    Inconclusive,

    /// <summary>Too few requests, or the series is NaN or otherwise invalid (or declared but missing on both sides).</summary>
    NoData,

    /// <summary>
    /// The series exists on one side only (for example the old version had no metrics), or is one of the default
    /// instance-metric checks that neither side exposes. The check neither passes nor blocks; the others decide.
    /// </summary>
    NotComparable,
}
