namespace Slipway.Sdk.Events;

/// <summary>An exposure or a tracked event waiting to be sent. A struct, so buffering allocates nothing.</summary>
internal readonly record struct BufferedEvent(
    bool IsExposure,
    string Name,
    string? Variant,
    string? Reason,
    string? TargetingKey,
    double? Value,
    DateTimeOffset Timestamp,
    long ConfigVersion);
