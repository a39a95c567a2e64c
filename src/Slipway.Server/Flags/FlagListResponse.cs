namespace Slipway.Server.Flags;

/// <summary><c>GET /api/services/{service}/flags</c>: the flags of one service and environment, at a version.</summary>
public sealed record FlagListResponse(string Service, string Environment, long Version, IReadOnlyList<FlagView> Flags);
