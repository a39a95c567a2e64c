using System.Runtime.CompilerServices;

namespace Slipway.Flags;

/// <summary>The outcome of one evaluation. A struct: returning it allocates nothing.</summary>
/// <remarks>
/// An explicit constructor rather than a positional record: the compiler's primary constructor was not inlined, and
/// the details were then built in a temporary and copied out wide, which stalls on the narrow stores just made.
/// </remarks>
public readonly record struct EvaluationDetails<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EvaluationDetails(string flagKey, T value, string? variant, EvaluationReason reason, FlagErrorCode errorCode, string? errorMessage, FlagMetadata metadata)
    {
        FlagKey = flagKey;
        Value = value;
        Variant = variant;
        Reason = reason;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Metadata = metadata;
    }

    /// <summary>The flag asked for.</summary>
    public string FlagKey { get; init; }

    /// <summary>The resolved value, or the caller's default.</summary>
    public T Value { get; init; }

    /// <summary>The chosen variant, or null when the caller's default was used.</summary>
    public string? Variant { get; init; }

    /// <summary>Why this value.</summary>
    public EvaluationReason Reason { get; init; }

    /// <summary>What went wrong, if anything.</summary>
    public FlagErrorCode ErrorCode { get; init; }

    /// <summary>Human-readable detail for the error.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The flag's metadata (empty when the flag is unknown).</summary>
    public FlagMetadata Metadata { get; init; }

    /// <summary>True when the SDK served this from a configuration it can no longer refresh.</summary>
    public bool IsStale { get; init; }

    public void Deconstruct(out string flagKey, out T value, out string? variant, out EvaluationReason reason, out FlagErrorCode errorCode, out string? errorMessage, out FlagMetadata metadata)
    {
        flagKey = FlagKey;
        value = Value;
        variant = Variant;
        reason = Reason;
        errorCode = ErrorCode;
        errorMessage = ErrorMessage;
        metadata = Metadata;
    }
}
