namespace Slipway.Flags;

/// <summary>Why a value was chosen (OpenFeature reasons).</summary>
public enum EvaluationReason
{
    /// <summary>The flag has no targeting: the default variant.</summary>
    Static,

    /// <summary>Targeting chose a variant.</summary>
    TargetingMatch,

    /// <summary>
    /// Not produced by the evaluator: a variant a <c>fractional</c> split chose is reported as
    /// <see cref="TargetingMatch"/>, as flagd does. Kept so that the reason read from a peer that sends it parses.
    /// </summary>
    Split,

    /// <summary>Targeting returned nothing: the default variant, or the caller's default when there is none.</summary>
    Default,

    /// <summary>The flag is disabled: the caller's default.</summary>
    Disabled,

    /// <summary>Something went wrong; see the error code. The caller's default.</summary>
    Error,
}
