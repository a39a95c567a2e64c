namespace Slipway.Server.Flags;

/// <summary>The answer to an import of a flagd file.</summary>
public sealed record FlagImportResponse(
    string Service,
    string Environment,
    long Version,
    IReadOnlyList<string> Created,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> Unchanged,
    bool SharedChanged,
    string Message);
