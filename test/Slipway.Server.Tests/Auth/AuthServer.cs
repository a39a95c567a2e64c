using Slipway.Server.Auth;
using Slipway.Server.Hosting;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Auth;

/// <summary>One real server (no agent) for the authorisation tests, with a token of every scope.</summary>
public sealed class AuthServer : IAsyncLifetime
{
    public const string AgentHost = "host-a";
    public const string SdkService = "sample";

    public string Data { get; } = Directory.CreateTempSubdirectory("slipway-auth-").FullName;

    public SlipwayServer Server { get; private set; } = null!;

    /// <summary>"none", "wrong", then one secret per scope, by scope name.</summary>
    public IReadOnlyDictionary<string, string?> Tokens { get; private set; } = null!;

    // Generous: the first request builds the OpenAPI document, which took over 30 s on a 2-core machine under heavy load.
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(120) };

    public async ValueTask InitializeAsync()
    {
        Server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = Data, Url = "http://127.0.0.1:0" }, TestContext.Current.CancellationToken);
        Http.BaseAddress = Server.Address;
        var store = Server.Tokens;
        Tokens = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["wrong"] = "slw_" + new string('x', 43),
            ["admin"] = Server.AdminToken,
            ["deploy"] = store.Create("deployer", TokenScope.Deploy, null, null),
            ["read"] = store.Create("reader", TokenScope.Read, null, null),
            ["agent"] = store.Create("agent-a", TokenScope.Agent, AgentHost, null),
            ["sdk"] = store.Create("sdk-sample", TokenScope.Sdk, null, SdkService),
        };
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }
}
