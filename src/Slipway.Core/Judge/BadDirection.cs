namespace Slipway.Core.Judge;

/// <summary>Which change of a check's value is a regression.</summary>
public enum BadDirection
{
    Increase,
    Decrease,
    Either,
}
