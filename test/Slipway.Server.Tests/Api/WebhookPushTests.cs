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

        Assert.Equal(HttpStatusCode.Unauthorized, await PushAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PushAsync(WebhookSignature.Sign("another secret entirely", Payload)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PushAsync("sha256=nothex"));
        Assert.Equal(HttpStatusCode.Accepted, await PushAsync(WebhookSignature.Sign(Secret, Payload)));
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

    private async Task<HttpStatusCode> PushAsync(string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/services/hooked/push") { Content = new ByteArrayContent(Payload) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, signature);
        }

        using var response = await Http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
