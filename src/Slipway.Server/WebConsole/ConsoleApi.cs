using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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
        // The page itself holds no data: it asks for a token (the login), keeps it in the tab's session storage, and
        // sends it on every API call, so what it shows is what that token may read.
        routes.MapGet("/", () => TypedResults.Content(Page.Value, "text/html; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        return routes;
    }
}
