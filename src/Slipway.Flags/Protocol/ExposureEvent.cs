namespace Slipway.Flags.Protocol;

/// <summary>A user saw a variant of a flag.</summary>
public sealed record ExposureEvent(string FlagKey, string Variant, string Reason, string? TargetingKey, DateTimeOffset Timestamp, long ConfigVersion);
