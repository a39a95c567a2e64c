using System.Net;
using System.Net.Http.Json;
using System.Text;
using Slipway.Server.Api;

namespace Slipway.Server.Tests.Api;

/// <summary>A service with a webhook secret takes pushes only with a valid GitHub-style signature.</summary>
public sealed class WebhookPushTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Secret = "a webhook secret of some length";
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/main","after":"0123456"}""");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => server.Bed.Api.Http;

    [Fact]
    public async Task A_push_signed_with_the_webhook_secret_is_accepted_and_a_bad_or_missing_signature_is_a_401()
    {
        await server.Bed.Api.RegisterAsync("hooked", server.Bed.Repository.Path, Ct);
        using (var set = await Http.PutAsJsonAsync("api/services/hooked/webhook-secret", new { value = Secret }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.DoesNotContain(Secret, await set.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // A git host sends no token: its signature is what lets it in, and only a valid one.
        using var gitHost = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, await PushAsync(gitHost, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PushAsync(gitHost, WebhookSignature.Sign("another secret entirely", Payload)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PushAsync(gitHost, "sha256=nothex"));
        Assert.Equal(HttpStatusCode.Accepted, await PushAsync(gitHost, WebhookSignature.Sign(Secret, Payload)));

        // A person with a deploy token can still push by hand; a bad signature is refused even with a token.
        Assert.Equal(HttpStatusCode.Accepted, await PushAsync(Http, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PushAsync(Http, WebhookSignature.Sign("another secret entirely", Payload)));
    }

    [Fact]
    public async Task A_signed_push_to_a_service_without_a_webhook_secret_is_a_401()
    {
        using var gitHost = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Http.BaseAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, await PushAsync(gitHost, WebhookSignature.Sign(Secret, Payload), "known"));
    }

    [Fact]
    public async Task A_webhook_secret_is_listed_by_name_and_never_reaches_an_instance_or_a_step()
    {
        await server.Bed.Api.RegisterAsync("hooked-list", server.Bed.Repository.Path, Ct);
        using var set = await Http.PutAsJsonAsync("api/services/hooked-list/webhook-secret", new { value = Secret }, Ct);

        var listed = await Http.GetStringAsync("api/services/hooked-list/secrets", Ct);

        Assert.Contains("@webhook", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, listed, StringComparison.Ordinal);
        var vault = (Slipway.Server.Secrets.SecretVault)server.Bed.Server!.Services.GetService(typeof(Slipway.Server.Secrets.SecretVault))!;
        Assert.Empty(vault.Values("hooked-list"));
    }

    private static async Task<HttpStatusCode> PushAsync(HttpClient http, string? signature, string service = "hooked")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/services/{service}/push") { Content = new ByteArrayContent(Payload) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, signature);
        }

        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
