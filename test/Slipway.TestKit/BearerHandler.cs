using System.Net.Http.Headers;

namespace Slipway.TestKit;

/// <summary>
/// Adds <c>Authorization: Bearer</c> to every request that has none, with the token read when the request is sent: a
/// server started as a child process writes its <c>admin-token</c> only once it runs.
/// </summary>
public sealed class BearerHandler(Func<string?> token) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    /// <summary>The admin token a server wrote to its data folder on first start, or null while there is none.</summary>
    public static Func<string?> AdminTokenOf(string dataDirectory) => () =>
    {
        var path = Path.Combine(dataDirectory, "admin-token");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    };

    /// <summary>An HTTP client for a Slipway server that sends the admin token of <paramref name="dataDirectory"/>.</summary>
    public static HttpClient Client(Uri server, string dataDirectory, TimeSpan? timeout = null) =>
        new(new BearerHandler(AdminTokenOf(dataDirectory))) { BaseAddress = server, Timeout = timeout ?? TimeSpan.FromSeconds(60) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.Authorization is null && token() is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
