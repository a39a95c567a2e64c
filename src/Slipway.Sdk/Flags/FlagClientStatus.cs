namespace Slipway.Sdk.Flags;

/// <summary>Where the flag client stands.</summary>
/// <param name="HasConfig">A configuration is loaded.</param>
/// <param name="IsStale">The server cannot be reached, so the configuration may be out of date.</param>
/// <param name="Version">The configuration's version (0 for a file), or -1 when none is loaded.</param>
/// <param name="Source">"server", "file", "memory", or "none".</param>
/// <param name="StaleEvaluations">Evaluations served while stale, since start.</param>
/// <param name="DroppedEvents">Exposures and tracked events dropped, since start.</param>
/// <param name="Reconnects">Times the stream was reopened, since start.</param>
public sealed record FlagClientStatus(bool HasConfig, bool IsStale, long Version, string Source, long StaleEvaluations, long DroppedEvents, long Reconnects);
