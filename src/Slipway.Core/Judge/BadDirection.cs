namespace Slipway.Core.Judge;

/// <summary>Which change of a check's value is a regression (<c>bad:</c> in a check; <c>increase</c> unless it says otherwise).</summary>
public enum BadDirection
{
    Increase,
    Decrease,
    Either,
}
