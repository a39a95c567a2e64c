namespace Slipway.Flags;

public enum FlagState
{
    Enabled,
    Disabled,
}
