using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Slipway.Server.Auth;

namespace Slipway.Server.WebConsole;

/// <summary>The web console: one page, served from the assembly, that reads the same HTTP API as the CLI.</summary>
internal static class ConsoleApi
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(ConsoleApi).Assembly.GetManifestResourceStream("Slipway.Server.WebConsole.console.html")
            ?? throw new InvalidOperationException("The console page is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => TypedResults.Content(Page.Value, "text/html; charset=utf-8")).ExcludeFromDescription().RequireScope(TokenScope.Read);
        return routes;
    }
}
