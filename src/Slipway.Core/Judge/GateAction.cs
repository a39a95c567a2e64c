namespace Slipway.Core.Judge;

/// <summary>What the rollout driver does after a look.</summary>
public enum GateAction
{
    KeepBaking,
    Promote,
    Rollback,

    /// <summary>Stop the rollout where it is for a person to decide (the <c>fail</c> policy).</summary>
    Fail,
}
