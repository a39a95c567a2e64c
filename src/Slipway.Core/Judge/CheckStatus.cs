namespace Slipway.Core.Judge;

public enum CheckStatus
{
    /// <summary>The confidence sequence lies inside the minimum effect.</summary>
    Pass,

    /// <summary>The change is significant and larger than the minimum effect.</summary>
    Regressed,

    /// <summary>Enough data, but neither of the above yet.</summary>
    Inconclusive,

    /// <summary>Too few requests, or the series is missing, NaN or otherwise invalid.</summary>
    NoData,
}
