namespace Slipway.Flags.Reassignment;

/// <summary>A share of users that would move from one variant to another (null: no variant, the caller's default).</summary>
public sealed record VariantTransition(string? From, string? To, double Share);
