using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Slipway.Server.WebConsole;

/// <summary>
/// The web console: a shell page, plain ES modules and a stylesheet, all versioned files under WebConsole/assets,
/// embedded in the assembly and served by the server itself (no Node, no build step, works offline). Every path under
/// <c>/console/</c> answers with the shell, so a release, rollout or run has a URL of its own that can be pasted; the
/// page then reads the same token-checked HTTP API as the CLI.
/// </summary>
internal static class ConsoleApi
{
    public const string Prefix = "/console";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Assets = Load();

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder routes)
    {
        // The shell and its assets hold no data: the page asks for a token (the login), keeps it in the tab's session
        // storage, and sends it on every API call, so what it shows is what that token may read.
        routes.MapGet("/", Shell).ExcludeFromDescription().AllowAnonymous();
        routes.MapGet(Prefix, Shell).ExcludeFromDescription().AllowAnonymous();
        routes.MapGet(Prefix + "/{**path}", Shell).ExcludeFromDescription().AllowAnonymous();
        routes.MapGet(Prefix + "/assets/{file}", (string file) =>
            file != "index.html" && Assets.TryGetValue(file, out var asset)
                ? Results.Bytes(asset.Bytes, asset.ContentType)
                : Results.NotFound()).ExcludeFromDescription().AllowAnonymous();
        return routes;
    }

    private static IResult Shell(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
        return Results.Bytes(Assets["index.html"].Bytes, "text/html; charset=utf-8");
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        const string prefix = "Slipway.Server.WebConsole.assets.";
        var assembly = typeof(ConsoleApi).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[prefix.Length..];
            assets[file] = (copy.ToArray(), Path.GetExtension(file) switch
            {
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "text/html; charset=utf-8",
            });
        }

        if (!assets.ContainsKey("index.html"))
        {
            throw new InvalidOperationException("The console's index.html is missing from the assembly.");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
