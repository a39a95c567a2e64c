namespace Slipway.Flags.Experiments;

/// <summary>What was counted for one variant: users exposed, and how many of them reached the goal.</summary>
public sealed record VariantObservation(string Variant, long Exposures, long Conversions);
