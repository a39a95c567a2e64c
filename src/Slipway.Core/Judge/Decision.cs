namespace Slipway.Core.Judge;

public enum Decision
{
    /// <summary>Keep baking: there is enough data, but no answer yet.</summary>
    Continue,

    /// <summary>Every check is clearly within its minimum effect.</summary>
    Promote,

    /// <summary>A critical check clearly regressed by more than its minimum effect.</summary>
    Rollback,

    /// <summary>Some check has too few requests, or its series is missing or invalid. Never a pass.</summary>
    NotEnoughData,
}
