using System.Net;
using System.Text;
using System.Text.Json;

namespace Slipway.Server.Tests.Flags;

public sealed class OfrepTests : IAsyncLifetime
{
    private FlagServer _server = null!;

    private static CancellationToken Token => FlagServer.Token;

    public async ValueTask InitializeAsync()
    {
        _server = await FlagServer.StartAsync();
        await _server.PutFlagOkAsync("shop", "color", TestFlags.Color);
        await _server.PutFlagOkAsync("shop", "limit", TestFlags.Limit);
        await _server.PutFlagOkAsync("shop", "killed", TestFlags.Disabled);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_single_evaluation_returns_value_variant_reason_and_metadata()
    {
        using var response = await EvaluateAsync("color", """{"context":{"targetingKey":"u1","plan":"pro"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await FlagServer.JsonOf(response);
        Assert.Equal("color", body.GetProperty("key").GetString());
        Assert.Equal("#00f", body.GetProperty("value").GetString());
        Assert.Equal("blue", body.GetProperty("variant").GetString());
        Assert.Equal("TARGETING_MATCH", body.GetProperty("reason").GetString());
        Assert.Equal("web", body.GetProperty("metadata").GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_flag_without_targeting_is_static()
    {
        using var response = await EvaluateAsync("limit", "{}");

        var body = await FlagServer.JsonOf(response);
        Assert.Equal(10, body.GetProperty("value").GetInt32());
        Assert.Equal("STATIC", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_unknown_flag_is_404_flag_not_found()
    {
        using var response = await EvaluateAsync("nope", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await FlagServer.JsonOf(response);
        Assert.Equal(("nope", "FLAG_NOT_FOUND"), (body.GetProperty("key").GetString(), body.GetProperty("errorCode").GetString()));
    }

    [Fact]
    public async Task A_disabled_flag_answers_without_a_value_so_the_caller_keeps_its_default()
    {
        using var response = await EvaluateAsync("killed", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await FlagServer.JsonOf(response);
        Assert.Equal("DISABLED", body.GetProperty("reason").GetString());
        Assert.False(body.TryGetProperty("value", out _));
    }

    [Fact]
    public async Task A_request_that_names_no_service_is_400_invalid_context()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags/color") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        using var response = await _server.Http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_CONTEXT", (await FlagServer.JsonOf(response)).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task A_split_without_a_targeting_key_serves_the_default_variant_as_flagd_does()
    {
        await _server.PutFlagOkAsync("shop", "half", TestFlags.Split(50));

        using var response = await EvaluateAsync("half", """{"context":{}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DEFAULT", (await FlagServer.JsonOf(response)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Bulk_evaluation_has_an_etag_and_answers_304_while_nothing_changed()
    {
        using var first = await BulkAsync(null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!.Tag;
        var flags = (await FlagServer.JsonOf(first)).GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("key").GetString()).ToList();
        Assert.Equal(["color", "killed", "limit"], flags);

        using var same = await BulkAsync(etag);
        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);

        await _server.PutFlagOkAsync("shop", "limit", TestFlags.Limit.Replace("\"defaultVariant\":\"low\"", "\"defaultVariant\":\"high\"", StringComparison.Ordinal));
        using var changed = await BulkAsync(etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_bulk_etag_depends_on_the_context()
    {
        using var pro = await BulkAsync(null, plan: "pro");
        using var free = await BulkAsync(pro.Headers.ETag!.Tag, plan: "free");

        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }

    private async Task<HttpResponseMessage> EvaluateAsync(string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ofrep/v1/evaluate/flags/{key}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Slipway-Service", "shop");
        return await _server.Http.SendAsync(request, Token);
    }

    private async Task<HttpResponseMessage> BulkAsync(string? ifNoneMatch, string plan = "pro")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags")
        {
            Content = new StringContent("{\"context\":{\"targetingKey\":\"u1\",\"plan\":\"" + plan + "\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Slipway-Service", "shop");
        request.Headers.Add("X-Slipway-Environment", "production");
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await _server.Http.SendAsync(request, Token);
    }
}
