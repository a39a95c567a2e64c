namespace Slipway.Core.Judge;

/// <summary>What happens when the bake, extended to its limit, still has too little data to judge.</summary>
public enum NotEnoughDataPolicy
{
    /// <summary>Promote, and say in the evidence that it was not judged.</summary>
    Promote,

    /// <summary>Roll back, as if it had regressed.</summary>
    Rollback,

    /// <summary>Stop the rollout where it is and leave the call to a person.</summary>
    Fail,
}
