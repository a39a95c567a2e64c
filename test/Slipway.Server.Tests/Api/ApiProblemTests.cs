using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Api;

/// <summary>Every error of the HTTP API is RFC 7807 problem details with the right status; no request gets a 500.</summary>
public sealed class ApiProblemTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => server.Bed.Api.Http;

    [Theory]
    [InlineData("GET", "api/services/nope")]
    [InlineData("GET", "api/services/nope/rollouts")]
    [InlineData("POST", "api/services/nope/push")]
    [InlineData("POST", "api/services/nope/rollback")]
    [InlineData("POST", "api/services/nope/pause")]
    [InlineData("POST", "api/services/nope/resume")]
    [InlineData("DELETE", "api/services/nope")]
    [InlineData("GET", "api/services/nope/history")]
    [InlineData("GET", "api/services/nope/flags")]
    [InlineData("GET", "api/rollouts/nope-r1")]
    [InlineData("GET", "api/runs/nope-1")]
    [InlineData("GET", "api/runs/nope-1/logs/build")]
    public async Task An_unknown_service_run_or_rollout_is_a_404_problem(string method, string path)
    {
        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deploying_to_an_unknown_service_is_a_404_problem_naming_it()
    {
        using var response = await Http.PostAsJsonAsync("api/services/nope/deploy", new { commit = "main" }, Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("nope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploying_an_unknown_commit_is_a_404_problem()
    {
        using var response = await Http.PostAsJsonAsync("api/services/known/deploy", new { commit = "0123456789abcdef0123456789abcdef01234567" }, Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Unknown commit", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("api/services", "{not json")]
    [InlineData("api/services", "{\"name\": 5, \"repository\": []}")]
    [InlineData("api/services", "[1,2,3]")]
    [InlineData("api/services/known/deploy", "{\"commit\":")]
    [InlineData("api/services/known/deploy", "\"just a string\"")]
    [InlineData("api/services/known/deploy", "{}")]
    [InlineData("api/services/known/deploy", "{\"commit\": \"\"}")]
    public async Task A_malformed_body_is_a_400_problem(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{\"name\": \"Not A Name\", \"repository\": \"/tmp\"}")]
    [InlineData("{\"name\": \"ok-name\", \"repository\": \"\"}")]
    [InlineData("{\"name\": \"ok-name\", \"repository\": \"/nonexistent/repository\"}")]
    [InlineData("{\"name\": \"ok-name\", \"repository\": \"/tmp\", \"pollSeconds\": 0}")]
    public async Task An_invalid_registration_is_a_400_problem(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("api/services", content, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Registering_a_service_twice_is_a_409_problem()
    {
        using var response = await Http.PostAsJsonAsync("api/services", new { name = "known", repository = server.Bed.Repository.Path }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Rolling_back_with_nothing_to_roll_back_to_is_a_409_problem()
    {
        using var response = await Http.PostAsync("api/services/known/rollback", null, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task No_request_gets_a_500()
    {
        (string Method, string Path, string? Body)[] requests =
        [
            ("GET", "api/services", null), ("GET", "api/services/", null), ("GET", "api/services/known", null),
            ("GET", "api/services/KNOWN", null), ("GET", "api/services/%00", null), ("GET", "api/services/..%2F..%2Fetc", null),
            ("POST", "api/services", ""), ("POST", "api/services", "null"), ("POST", "api/services", "{\"name\":null,\"repository\":null}"),
            ("POST", "api/services", "{\"name\":\"x\",\"repository\":\"/tmp\",\"frontDoorPort\":\"abc\"}"),
            ("POST", "api/services", "{\"name\":\"x\",\"repository\":\"/tmp\",\"pollSeconds\":1e400}"),
            ("POST", "api/services/known/deploy", ""), ("POST", "api/services/known/deploy", "null"),
            ("POST", "api/services/known/deploy", "{\"commit\":\"--help\"}"), ("POST", "api/services/known/deploy", "{\"commit\":\"HEAD~99\"}"),
            ("POST", "api/services/known/deploy", "{\"commit\":\"../../etc/passwd\"}"),
            ("POST", "api/services/known/push", null), ("POST", "api/services/known/pause", null), ("POST", "api/services/known/resume", null),
            ("GET", "api/runs/known-1", null), ("GET", "api/runs/known-1/logs/test", null), ("GET", "api/runs/known-1/logs/..%2F..%2Fjournal.db", null),
            ("GET", "api/runs/..%2Fknown-1/logs/build", null), ("GET", "api/rollouts/%2e%2e", null),
            ("GET", "api/artifacts/abc", null), ("GET", "api/artifacts/" + new string('a', 64), null), ("GET", "api/artifacts/..%2Fjournal.db", null),
            ("GET", "api/agent/v1/desired", null), ("GET", "api/agent/v1/desired?host=x&after=notanumber", null),
            ("POST", "api/agent/v1/report", "{}"), ("POST", "api/agent/v1/report", "{\"host\":\"x\",\"instances\":null}"), ("POST", "api/agent/v1/report", "{garbage"),
            ("DELETE", "api/services", null), ("PUT", "api/services", "{}"), ("GET", "nothing/here", null),
        ];

        foreach (var (method, path, body) in requests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await Http.SendAsync(request, Ct);

            Assert.True((int)response.StatusCode < 500, $"{method} {path} {body} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    [Fact]
    public async Task The_openapi_document_is_served()
    {
        using var response = await Http.GetAsync("openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("3.", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/services/{name}/deploy", out _));
        Assert.True(paths.TryGetProperty("/api/agent/v1/desired", out _));
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        var problem = doc.RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
