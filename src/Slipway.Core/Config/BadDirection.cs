namespace Slipway.Core.Config;

/// <summary>Which change of a check's metric is bad (<c>bad:</c> in a check).</summary>
public enum BadDirection
{
    Increase,
    Decrease,
    Either,
}
