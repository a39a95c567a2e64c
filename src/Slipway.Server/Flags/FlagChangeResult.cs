using Slipway.Flags.Reassignment;

namespace Slipway.Server.Flags;

/// <summary>The outcome of a change: the set's version after it, whether anything changed, and the reassignment it caused.</summary>
internal sealed record FlagChangeResult(FlagSetSnapshot Snapshot, bool Changed, ReassignmentPreview? Reassignment);
