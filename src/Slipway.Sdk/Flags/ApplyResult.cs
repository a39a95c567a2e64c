namespace Slipway.Sdk.Flags;

internal enum ApplyResult
{
    Applied,

    /// <summary>The version is not newer than the one held: ignored.</summary>
    Stale,

    /// <summary>One or more versions were skipped: the client must resync from a snapshot.</summary>
    Gap,
}
