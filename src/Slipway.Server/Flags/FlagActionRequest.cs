namespace Slipway.Server.Flags;

/// <summary>Optional body of enable, disable and delete: who does it.</summary>
public sealed record FlagActionRequest
{
    public string? By { get; init; }
}
