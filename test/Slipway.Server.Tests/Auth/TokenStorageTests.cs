using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Slipway.Server.Api;
using Slipway.Server.Hosting;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Auth;

/// <summary>Tokens at rest are hashes only; the first start makes an owner-only admin token once; tokens name who acted.</summary>
public sealed class TokenStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_hashes_of_tokens_are_at_rest_and_the_secret_files_are_owner_only()
    {
        var data = Directory.CreateTempSubdirectory("slipway-auth-rest-").FullName;
        try
        {
            string admin;
            string created;
            await using (var server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = data, Url = "http://127.0.0.1:0" }, Ct))
            {
                admin = server.FirstStartAdminToken!;
                Assert.StartsWith("slw_", admin, StringComparison.Ordinal);
                Assert.True(admin.Length >= 4 + 43, admin);
                Assert.Equal(admin, server.AdminToken);
                using var http = BearerHandler.Client(server.Address, data);
                using var response = await http.PostAsJsonAsync("api/tokens", new CreateTokenRequest("cli:alice", "deploy", null, null), Ct);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                created = (await response.Content.ReadFromJsonAsync<CreatedToken>(Ct))!.Token;
                using var flag = await SendAsync(http, HttpMethod.Put, "api/services/shop/flags/greeting", created, "{\"flag\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true},\"defaultVariant\":\"on\"}}");
                Assert.Equal(HttpStatusCode.OK, flag.StatusCode);
                var listed = await http.GetStringAsync("api/tokens", Ct);
                Assert.Contains("cli:alice", listed, StringComparison.Ordinal);
                Assert.DoesNotContain(created, listed, StringComparison.Ordinal);
            }

            // The admin token is in admin-token (that is the point of the file); nowhere else, and no created token anywhere.
            foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file, Ct);
                Assert.False(Contains(bytes, created), $"{file} holds a token");
                if (Path.GetFileName(file) != "admin-token")
                {
                    Assert.False(Contains(bytes, admin), $"{file} holds the admin token");
                }
            }

            Assert.Contains(Slipway.Server.Auth.TokenStore.Hash(created), await File.ReadAllTextAsync(Path.Combine(data, "tokens.json"), Ct), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "admin-token")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "tokens.json")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "token-secret")));
            }

            // A later start prints nothing new, and the tokens still work; the journal says which token changed the flag.
            await using (var again = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = data, Url = "http://127.0.0.1:0" }, Ct))
            {
                Assert.Null(again.FirstStartAdminToken);
                using var http = new HttpClient { BaseAddress = again.Address };
                using var audit = await SendAsync(http, HttpMethod.Get, "api/services/shop/flags-audit", admin, null);
                Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
                using var doc = JsonDocument.Parse(await audit.Content.ReadAsStringAsync(Ct));
                Assert.Equal("cli:alice", doc.RootElement.GetProperty("entries")[0].GetProperty("by").GetString());

                using var revoke = await SendAsync(http, HttpMethod.Delete, "api/tokens/cli:alice", admin, null);
                Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
                using var afterRevoke = await SendAsync(http, HttpMethod.Get, "api/services", created, null);
                Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
                using var lastAdmin = await SendAsync(http, HttpMethod.Delete, "api/tokens/admin", admin, null);
                Assert.Equal(HttpStatusCode.Conflict, lastAdmin.StatusCode);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request, Ct);
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
