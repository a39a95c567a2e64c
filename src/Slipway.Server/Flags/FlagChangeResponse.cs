namespace Slipway.Server.Flags;

/// <summary>The answer to a change of one flag: the set's version after it, the flag, and the users it moved.</summary>
public sealed record FlagChangeResponse(string Service, string Environment, long Version, bool Changed, FlagView? Flag, ReassignmentView? Reassignment, string Message);
