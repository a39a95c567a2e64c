namespace Slipway.Server.Flags;

/// <summary><c>GET /api/services/{service}/flags-audit</c>: every change, oldest first.</summary>
public sealed record FlagAuditResponse(string Service, string Environment, IReadOnlyList<FlagAuditEntry> Entries);
