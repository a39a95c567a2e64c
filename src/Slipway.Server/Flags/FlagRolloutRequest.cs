namespace Slipway.Server.Flags;

/// <summary>Body of <c>POST .../flags/{key}/rollout</c>: give <see cref="Percent"/> % of users (by targeting key) the variant.</summary>
public sealed record FlagRolloutRequest
{
    /// <summary>Required: a body without it (<c>{}</c>) is a 400, never a silent 0 %.</summary>
    public int? Percent { get; init; }

    /// <summary>The variant rolled out; default "on" or "true".</summary>
    public string? Variant { get; init; }

    public string? By { get; init; }

    /// <summary>Why the change is made; the journal keeps it with the change.</summary>
    public string? Reason { get; init; }
}
