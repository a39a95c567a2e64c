namespace Slipway.Flags;

/// <summary>OpenFeature error codes.</summary>
public enum FlagErrorCode
{
    None,
    FlagNotFound,
    TypeMismatch,
    ParseError,
    TargetingKeyMissing,
    General,

    /// <summary>The SDK has no configuration yet.</summary>
    ProviderNotReady,
}
