namespace Slipway.Server.Auth;

/// <summary>The authenticated token of a request, set by <see cref="TokenAuthentication"/> as an HTTP feature.</summary>
internal sealed record Caller(ApiToken Token);
