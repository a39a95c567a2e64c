namespace Slipway.Server.Flags;

/// <summary>One change of one flag: who, when, what, and the definition before and after (flagd JSON, null when absent).</summary>
public sealed record FlagAuditEntry(long Version, DateTimeOffset At, string By, string Action, string Key, string? Before, string? After);
