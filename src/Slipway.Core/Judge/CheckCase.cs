namespace Slipway.Core.Judge;

/// <summary>
/// Which of the cases a check's numbers fall in, as its one-line form says. "Over the limit" is the point estimate
/// beyond the minimum effect in the bad direction (on the values shown, or on the tested statistic); "significant" is
/// the always-valid interval excluding no change.
/// </summary>
public enum CheckCase
{
    /// <summary>The change is within the check's minimum effect.</summary>
    WithinLimits,

    /// <summary>Over the minimum effect, but not significant yet: it neither decides nor passes on its own.</summary>
    OverLimitNotSignificant,

    /// <summary>Over the minimum effect and significant. A critical check in this case rolls the release back; a non-critical one only says so.</summary>
    OverLimitSignificant,

    /// <summary>A series missing on one side (or, for a default instance-metric check, on both): not compared.</summary>
    NotComparable,

    /// <summary>Too few requests yet, or an invalid series: the bake waits, and the not-enough-data policy applies at its limit.</summary>
    WaitingForData,
}
