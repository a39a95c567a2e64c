namespace Slipway.Flags;

/// <summary>What an error resolution carries besides its code: the flag, if it exists, and the message.</summary>
internal sealed class ResolutionError(FlagDefinition? flag, string message)
{
    public FlagDefinition? Flag { get; } = flag;

    public string Message { get; } = message;
}
