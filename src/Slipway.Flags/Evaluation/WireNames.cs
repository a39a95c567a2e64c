namespace Slipway.Flags;

/// <summary>The upper-snake-case names OpenFeature, flagd and OFREP use on the wire.</summary>
public static class WireNames
{
    public static string ToWireName(this EvaluationReason reason) => reason switch
    {
        EvaluationReason.Static => "STATIC",
        EvaluationReason.TargetingMatch => "TARGETING_MATCH",
        EvaluationReason.Split => "SPLIT",
        EvaluationReason.Default => "DEFAULT",
        EvaluationReason.Disabled => "DISABLED",
        _ => "ERROR",
    };

    public static string? ToWireName(this FlagErrorCode code) => code switch
    {
        FlagErrorCode.None => null,
        FlagErrorCode.FlagNotFound => "FLAG_NOT_FOUND",
        FlagErrorCode.TypeMismatch => "TYPE_MISMATCH",
        FlagErrorCode.ParseError => "PARSE_ERROR",
        FlagErrorCode.TargetingKeyMissing => "TARGETING_KEY_MISSING",
        FlagErrorCode.ProviderNotReady => "PROVIDER_NOT_READY",
        _ => "GENERAL",
    };
}
