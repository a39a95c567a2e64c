namespace Slipway.Server.Api;

/// <summary><c>POST /api/tokens</c>: a name (who, as the journal will say), a scope, the host of an agent token, the service of an SDK key.</summary>
public sealed record CreateTokenRequest(string Name, string Scope, string? Host, string? Service);

/// <summary>A token as listed: never its secret.</summary>
public sealed record TokenSummary(string Name, string Scope, string? Host, string? Service, DateTimeOffset Created);

/// <summary>The answer to a create: the secret, shown this once.</summary>
public sealed record CreatedToken(string Name, string Scope, string? Host, string? Service, string Token);
