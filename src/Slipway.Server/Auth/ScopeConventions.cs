using Microsoft.AspNetCore.Builder;

namespace Slipway.Server.Auth;

/// <summary><c>.RequireScope(...)</c> on a route group or an endpoint: who may call it (<see cref="RequiredScope"/>).</summary>
internal static class ScopeConventions
{
    /// <summary>Every method needs <paramref name="scope"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, TokenScope scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope, scope));

    /// <summary>GET and HEAD need <paramref name="read"/>, every other method <paramref name="write"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, TokenScope read, TokenScope write)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(read, write));
}
