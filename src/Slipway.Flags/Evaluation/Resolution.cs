namespace Slipway.Flags;

/// <summary>The untyped outcome of resolving a flag: which variant (if any) and why.</summary>
internal readonly struct Resolution(FlagDefinition? flag, int variantIndex, EvaluationReason reason, FlagErrorCode errorCode, string? errorMessage)
{
    public FlagDefinition? Flag { get; } = flag;

    public int VariantIndex { get; } = variantIndex;

    public EvaluationReason Reason { get; } = reason;

    public FlagErrorCode ErrorCode { get; } = errorCode;

    public string? ErrorMessage { get; } = errorMessage;

    public FlagMetadata Metadata => Flag?.Metadata ?? FlagMetadata.Empty;
}
