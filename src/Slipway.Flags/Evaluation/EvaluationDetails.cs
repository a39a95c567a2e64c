namespace Slipway.Flags;

/// <summary>The outcome of one evaluation. A struct: returning it allocates nothing.</summary>
/// <param name="FlagKey">The flag asked for.</param>
/// <param name="Value">The resolved value, or the caller's default.</param>
/// <param name="Variant">The chosen variant, or null when the caller's default was used.</param>
/// <param name="Reason">Why this value.</param>
/// <param name="ErrorCode">What went wrong, if anything.</param>
/// <param name="ErrorMessage">Human-readable detail for the error.</param>
/// <param name="Metadata">The flag's metadata (empty when the flag is unknown).</param>
public readonly record struct EvaluationDetails<T>(
    string FlagKey,
    T Value,
    string? Variant,
    EvaluationReason Reason,
    FlagErrorCode ErrorCode,
    string? ErrorMessage,
    FlagMetadata Metadata)
{
    /// <summary>True when the SDK served this from a configuration it can no longer refresh.</summary>
    public bool IsStale { get; init; }
}
