using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Slipway.Server.Hosting;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Flags;

/// <summary>A real Slipway server on 127.0.0.1:0 with a SQLite journal in a temp folder (no agent), and a client for its API.</summary>
internal sealed class FlagServer : IAsyncDisposable
{
    private FlagServer(string data, SlipwayServer server)
    {
        Data = data;
        Server = server;
        Http = BearerHandler.Client(server.Address, data);
    }

    public string Data { get; }

    public SlipwayServer Server { get; private set; }

    public HttpClient Http { get; private set; }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<FlagServer> StartAsync(string? data = null)
    {
        data ??= Directory.CreateTempSubdirectory("slipway-flags-").FullName;
        var server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = data, Url = "http://127.0.0.1:0" }, Token);
        return new FlagServer(data, server);
    }

    /// <summary>Stops the server and starts a new one on the same data: everything must come back from the journal.</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = Data, Url = "http://127.0.0.1:0" }, Token);
        Http = BearerHandler.Client(Server.Address, Data);
    }

    public Task<HttpResponseMessage> PutFlagAsync(string service, string key, string flagJson, string? user = null, string? environment = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/services/{service}/flags/{key}{Env(environment)}")
        {
            Content = new StringContent($"{{\"flag\":{flagJson}}}", Encoding.UTF8, "application/json"),
        };
        if (user is not null)
        {
            request.Headers.Add("X-Slipway-User", user);
        }

        return Http.SendAsync(request, Token);
    }

    public async Task PutFlagOkAsync(string service, string key, string flagJson, string? environment = null)
    {
        using var response = await PutFlagAsync(service, key, flagJson, environment: environment);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => Http.PostAsJsonAsync(path, body, Token);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Env(string? environment) => environment is null ? string.Empty : $"?environment={environment}";
}
