namespace Slipway.Core.Config;

/// <summary>What the judge does when a bake ends without enough requests to decide (<c>judge.not_enough_data</c>).</summary>
public enum NotEnoughDataAction
{
    Promote,
    Rollback,
    Fail,
}
