using System.Net;

namespace Slipway.Server.Tests.Auth;

/// <summary>An agent token acts only for its own host; an SDK key reaches only its own service's flags.</summary>
public sealed class BoundTokenTests(AuthServer server) : IClassFixture<AuthServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("POST", "api/agent/v1/report", "{\"host\":\"host-b\",\"instances\":[]}")]
    [InlineData("POST", "api/agent/v1/metrics", "{\"host\":\"host-b\",\"instances\":[]}")]
    [InlineData("GET", "api/agent/v1/desired?host=host-b", null)]
    public async Task An_agent_token_for_host_a_cannot_act_for_host_b(string method, string path, string? body)
    {
        using var response = await server.Http.SendAsync(server.Request(new HttpMethod(method), path, server.Tokens["agent"], body), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_agent_token_reports_for_its_own_host()
    {
        using var response = await server.Http.SendAsync(server.Request(HttpMethod.Post, "api/agent/v1/report", server.Tokens["agent"], $"{{\"host\":\"{AuthServer.AgentHost}\",\"instances\":[]}}"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task An_sdk_key_of_one_service_cannot_read_or_report_another_services_flags()
    {
        var key = server.Tokens["sdk"];
        using var ofrep = server.Request(HttpMethod.Post, "ofrep/v1/evaluate/flags/greeting", key, "{\"context\":{\"targetingKey\":\"u1\"}}");
        ofrep.Headers.Add("X-Slipway-Service", "other");
        using var evaluated = await server.Http.SendAsync(ofrep, Ct);
        using var streamed = await server.Http.SendAsync(server.Request(HttpMethod.Get, "api/flags/v1/stream?service=other", key), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var events = await server.Http.SendAsync(server.Request(HttpMethod.Post, "api/flags/v1/events", key, "{\"service\":\"other\",\"environment\":\"production\",\"exposures\":[],\"events\":[]}"), Ct);
        using var own = server.Request(HttpMethod.Post, "ofrep/v1/evaluate/flags/greeting", key, "{\"context\":{\"targetingKey\":\"u1\"}}");
        own.Headers.Add("X-Slipway-Service", AuthServer.SdkService);
        using var ownEvaluated = await server.Http.SendAsync(own, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, evaluated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, streamed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, events.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ownEvaluated.StatusCode);
    }

    [Fact]
    public async Task An_instance_sdk_key_reads_only_its_own_service_and_a_forged_one_is_refused()
    {
        var key = server.Server.Tokens.InstanceSdkKey("shop");
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        using var own = await server.Http.SendAsync(server.Request(HttpMethod.Get, "api/flags/v1/stream?service=shop", key), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var other = await server.Http.SendAsync(server.Request(HttpMethod.Get, "api/flags/v1/stream?service=sample", key), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var bad = await server.Http.SendAsync(server.Request(HttpMethod.Get, "api/flags/v1/stream?service=shop", forged), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var services = await server.Http.SendAsync(server.Request(HttpMethod.Get, "api/services", key), Ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, services.StatusCode);
    }
}
