namespace Slipway.Flags.Protocol;

/// <summary>A user did something worth counting (an experiment's goal), with an optional value.</summary>
public sealed record TrackEvent(string Name, string? TargetingKey, double? Value, DateTimeOffset Timestamp);
