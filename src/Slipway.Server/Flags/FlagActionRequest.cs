namespace Slipway.Server.Flags;

/// <summary>Optional body of enable, disable and delete: who does it.</summary>
public sealed record FlagActionRequest
{
    public string? By { get; init; }

    /// <summary>Why the change is made; the journal keeps it with the change.</summary>
    public string? Reason { get; init; }
}
