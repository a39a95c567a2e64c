namespace Slipway.Flags.Protocol;

/// <summary>A full flag document at a version.</summary>
public sealed record FlagSnapshot(long Version, FlagDocument Document);
