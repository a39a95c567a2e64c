namespace Slipway.Server.Auth;

/// <summary>
/// A token as the server keeps it: its name (who it is, as the journal's <c>by</c> fields say), its scope, the host an
/// agent token is bound to or the service an SDK key is bound to, and the SHA-256 of its secret (hex). Never the secret.
/// </summary>
public sealed record ApiToken(string Name, TokenScope Scope, string? Host, string? Service, string Hash, DateTimeOffset Created);
