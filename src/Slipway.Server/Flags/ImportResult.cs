namespace Slipway.Server.Flags;

/// <summary>What an import of a flagd file did.</summary>
internal sealed record ImportResult(FlagSetSnapshot Snapshot, IReadOnlyList<string> Created, IReadOnlyList<string> Updated, IReadOnlyList<string> Deleted, IReadOnlyList<string> Unchanged, bool SharedChanged);
