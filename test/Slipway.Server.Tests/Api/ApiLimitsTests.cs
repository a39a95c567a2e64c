using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Slipway.Server.Tests.Api;

/// <summary>The request cases of issue 10: each was a 500 or a 2xx that should have been refused.</summary>
public sealed class ApiLimitsTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Flag = """{"flag":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => server.Bed.Api.Http;

    [Fact]
    public async Task A_deploy_of_a_one_megabyte_commit_id_is_a_400_not_a_git_failure()
    {
        var problem = await SendAsync("POST", "api/services/known/deploy", JsonSerializer.Serialize(new { commit = new string('a', 1_000_000) }), HttpStatusCode.BadRequest);

        Assert.Equal("Invalid commit", problem.GetProperty("title").GetString());
        Assert.Contains("at most 256", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/x")]
    [InlineData("main..other")]
    [InlineData("main;id")]
    [InlineData("a b")]
    public async Task A_deploy_of_a_commit_that_is_no_ref_is_a_400(string commit)
    {
        var problem = await SendAsync("POST", "api/services/known/deploy", JsonSerializer.Serialize(new { commit }), HttpStatusCode.BadRequest);

        Assert.Equal("Invalid commit", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_body_larger_than_one_mebibyte_is_a_413()
    {
        // The server answers 413 from the Content-Length alone, before it asks for the body. The client says it will
        // wait for that answer (Expect: 100-continue, with no timeout to speak of), so it never writes the 2 MiB into
        // a connection the server has already answered and closed: without that, a loaded machine sometimes saw a
        // broken pipe instead of the answer.
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Bed.AdminToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/services/known/deploy")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { commit = new string('a', 2 * 1024 * 1024) }), Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"host\":null,\"scrapedAt\":\"2026-01-01T00:00:00Z\",\"instances\":[]}")]
    [InlineData("{\"host\":\"h\",\"scrapedAt\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"host\":\"h\",\"scrapedAt\":\"2026-01-01T00:00:00Z\",\"instances\":null}")]
    [InlineData("{\"host\":\"h\",\"scrapedAt\":\"2026-01-01T00:00:00Z\",\"instances\":[null]}")]
    [InlineData("{\"host\":\"h\",\"scrapedAt\":\"2026-01-01T00:00:00Z\",\"instances\":[{\"instanceId\":\"i\",\"service\":\"s\",\"version\":\"v\"}]}")]
    [InlineData("null")]
    public async Task Agent_metrics_without_host_or_instances_are_a_400_not_a_500(string body)
    {
        await SendAsync("POST", "api/agent/v1/metrics", body, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"host\":null,\"instances\":[]}")]
    [InlineData("{\"host\":\"h\"}")]
    [InlineData("null")]
    public async Task Agent_reports_without_host_or_instances_are_a_400_not_a_500(string body)
    {
        await SendAsync("POST", "api/agent/v1/report", body, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_agent_report_for_a_host_name_longer_than_253_characters_is_a_400()
    {
        await SendAsync("POST", "api/agent/v1/report", JsonSerializer.Serialize(new { host = new string('h', 254), instances = Array.Empty<object>() }), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("NaN")]
    [InlineData("\"Infinity\"")]
    [InlineData("-1")]
    public async Task A_registration_with_poll_seconds_NaN_is_a_400(string pollSeconds)
    {
        var body = $"{{\"name\":\"nan-poll\",\"repository\":\"{server.Bed.Repository.Path}\",\"pollSeconds\":{pollSeconds}}}";

        await SendAsync("POST", "api/services", body, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{\"name\":\"long-repo\",\"repository\":\"/%R%\"}")]
    [InlineData("{\"name\":\"opt-repo\",\"repository\":\"--upload-pack=id\"}")]
    [InlineData("{\"name\":\"long-branch\",\"repository\":\"/tmp\",\"branch\":\"%B%\"}")]
    [InlineData("{\"name\":\"%N%\",\"repository\":\"/tmp\"}")]
    public async Task A_registration_with_an_overlong_or_option_like_string_is_a_400(string template)
    {
        var body = template.Replace("%R%", new string('r', 5000), StringComparison.Ordinal)
            .Replace("%B%", new string('b', 1000), StringComparison.Ordinal)
            .Replace("%N%", new string('n', 100_000), StringComparison.Ordinal);

        var problem = await SendAsync("POST", "api/services", body, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("detail").GetString()!.Length < 400, "the problem does not echo the whole input");
    }

    [Fact]
    public async Task A_flag_rollout_with_an_empty_body_is_a_400_naming_percent_not_a_silent_0_percent()
    {
        await SendAsync("PUT", "api/services/known/flags/empty-rollout", Flag, HttpStatusCode.OK);

        var problem = await SendAsync("POST", "api/services/known/flags/empty-rollout/rollout", "{}", HttpStatusCode.BadRequest);

        Assert.Equal("Missing percent", problem.GetProperty("title").GetString());
        Assert.Contains("percent", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "api/services/known/flags/..%2F..%2Fetc")]
    [InlineData("GET", "api/services/known/flags/..%2F..%2Fetc")]
    [InlineData("POST", "api/services/known/flags/..%2F..%2Fetc/enable")]
    [InlineData("DELETE", "api/services/known/flags/..%2F..%2Fetc")]
    [InlineData("PUT", "api/services/known/flags/%LONG%")]
    [InlineData("POST", "api/services/known/flags/%LONG%/rollout")]
    public async Task A_flag_key_like_dot_dot_etc_or_thousands_of_characters_long_is_a_400_at_the_api(string method, string path)
    {
        // 10,000 characters would pass Kestrel's request line limit (8 KiB) first, so the path case is 5,000; the body case is 10,000.
        var problem = await SendAsync(method, path.Replace("%LONG%", new string('k', 5_000), StringComparison.Ordinal), method == "GET" || method == "DELETE" ? null : Flag.Replace("}}", "},\"percent\":5}", StringComparison.Ordinal), HttpStatusCode.BadRequest);

        Assert.Equal("Invalid flag key", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData(null)]
    public async Task A_flag_created_with_a_key_like_dot_dot_etc_or_10000_characters_long_is_a_400(string? key)
    {
        var body = Flag.Replace("{\"flag\"", $"{{\"key\":{JsonSerializer.Serialize(key ?? new string('k', 10_000))},\"flag\"", StringComparison.Ordinal);

        var problem = await SendAsync("POST", "api/services/known/flags", body, HttpStatusCode.BadRequest);

        Assert.Equal("Invalid flag key", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Flag_events_for_an_unknown_service_are_a_404()
    {
        var body = """{"service":"nobody-here","environment":"production","exposures":[{"flagKey":"f","variant":"on","reason":"STATIC","targetingKey":"u1","timestamp":"2026-01-01T00:00:00Z","configVersion":1}],"events":[]}""";

        var problem = await SendAsync("POST", "api/flags/v1/events", body, HttpStatusCode.NotFound);

        Assert.Equal("Unknown service", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_one_megabyte_by_field_is_truncated_before_it_is_journaled()
    {
        await SendAsync("PUT", "api/services/known/flags/long-by", Flag, HttpStatusCode.OK);
        var by = new string('b', 1_000_000);

        using (var response = await Http.PostAsync("api/services/known/flags/long-by/disable", new StringContent(JsonSerializer.Serialize(new { by }), Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var audit = await Http.GetFromJsonAsync<JsonElement>("api/services/known/flags-audit?key=long-by", Ct);
        var last = audit.GetProperty("entries").EnumerateArray().Last();
        // The journaled name is the token's, with the claimed name cut to 100 characters as its display suffix.
        Assert.Equal($"admin ({new string('b', 100)})", last.GetProperty("by").GetString());
    }

    private async Task<JsonElement> SendAsync(string method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{method} {path[..Math.Min(path.Length, 80)]}: expected {(int)expected}, got {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        if (expected == HttpStatusCode.OK)
        {
            return default;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
