using System.Runtime.CompilerServices;

namespace Slipway.Flags;

/// <summary>
/// The untyped outcome of resolving a flag: which variant (if any) and why. Sixteen bytes, so it comes back in two
/// registers: the flag, or for an error a <see cref="ResolutionError"/> that carries the flag and the message.
/// </summary>
internal readonly struct Resolution
{
    private readonly object? _target;
    private readonly byte _reason;
    private readonly byte _errorCode;

    private Resolution(object? target, int variantIndex, EvaluationReason reason, FlagErrorCode errorCode)
    {
        _target = target;
        VariantIndex = variantIndex;
        _reason = (byte)reason;
        _errorCode = (byte)errorCode;
    }

    public FlagDefinition? Flag
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _target is FlagDefinition flag ? flag : (_target as ResolutionError)?.Flag;
    }

    public int VariantIndex { get; }

    public EvaluationReason Reason => (EvaluationReason)_reason;

    public FlagErrorCode ErrorCode => (FlagErrorCode)_errorCode;

    public string? ErrorMessage => (_target as ResolutionError)?.Message;

    public FlagMetadata Metadata => Flag?.Metadata ?? FlagMetadata.Empty;

    /// <summary>A variant (or, with index -1, none) for a reason that is not an error.</summary>
    public static Resolution Of(FlagDefinition flag, int variantIndex, EvaluationReason reason) => new(flag, variantIndex, reason, FlagErrorCode.None);

    public static Resolution Error(FlagDefinition? flag, FlagErrorCode errorCode, string message) =>
        new(new ResolutionError(flag, message), -1, EvaluationReason.Error, errorCode);
}
