namespace Slipway.Core.Rollouts;

public enum RolloutOutcome
{
    InProgress,
    RollingBack,
    Promoted,
    RolledBack,
}
