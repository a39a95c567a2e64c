using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Slipway.Server.Tests.Auth;

/// <summary>
/// Every operation of the OpenAPI document × no token, a wrong token and each scope. Who may call what comes from the
/// one table below, keyed "METHOD path-template": an endpoint without a row fails the test.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AuthServer server) : IClassFixture<AuthServer>
{
    private static readonly string[] AdminOnly = ["admin"];
    private static readonly string[] DeployUp = ["admin", "deploy"];
    private static readonly string[] ReadUp = ["admin", "deploy", "read"];
    private static readonly string[] Agent = ["admin", "agent"];
    private static readonly string[] Sdk = ["admin", "deploy", "read", "sdk"];
    private static readonly string[] Anyone = ["none", "wrong", "admin", "deploy", "read", "agent", "sdk"];

    /// <summary>The one table: which tokens may call each operation. Everything else gets 401 (no or a wrong token) or 403.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["GET /api/services"] = ReadUp,
        ["POST /api/services"] = AdminOnly,
        ["GET /api/services/{name}"] = ReadUp,
        ["POST /api/services/{name}/push"] = DeployUp,
        ["POST /api/services/{name}/deploy"] = DeployUp,
        ["POST /api/services/{name}/rollback"] = DeployUp,
        ["POST /api/services/{name}/pause"] = DeployUp,
        ["POST /api/services/{name}/resume"] = DeployUp,
        ["GET /api/services/{name}/rollouts"] = ReadUp,
        ["DELETE /api/services/{name}"] = AdminOnly,
        ["GET /api/services/{name}/history"] = ReadUp,
        ["GET /api/services/{name}/contracts"] = ReadUp,
        ["POST /api/services/{name}/contracts/acknowledge"] = DeployUp,
        ["GET /api/runs/{runId}"] = ReadUp,
        ["GET /api/runs/{runId}/logs/{step}"] = ReadUp,
        ["GET /api/rollouts/{rolloutId}"] = ReadUp,
        ["GET /api/services/{name}/tests"] = ReadUp,
        ["DELETE /api/services/{name}/tests/quarantine/{test}"] = DeployUp,
        ["GET /api/services/{service}/flags"] = ReadUp,
        ["POST /api/services/{service}/flags"] = DeployUp,
        ["GET /api/services/{service}/flags/{key}"] = ReadUp,
        ["PUT /api/services/{service}/flags/{key}"] = DeployUp,
        ["DELETE /api/services/{service}/flags/{key}"] = DeployUp,
        ["POST /api/services/{service}/flags/{key}/enable"] = DeployUp,
        ["POST /api/services/{service}/flags/{key}/disable"] = DeployUp,
        ["POST /api/services/{service}/flags/{key}/rollout"] = DeployUp,
        ["POST /api/services/{service}/flags/{key}/guarded"] = DeployUp,
        ["GET /api/services/{service}/flags/{key}/guarded"] = ReadUp,
        ["GET /api/services/{service}/flags/{key}/cohorts"] = ReadUp,
        ["POST /api/services/{service}/flags/{key}/preview"] = DeployUp,
        ["GET /api/services/{service}/flagd"] = ReadUp,
        ["PUT /api/services/{service}/flagd"] = DeployUp,
        ["GET /api/services/{service}/flags-audit"] = ReadUp,
        ["GET /api/services/{service}/experiments/{key}/results"] = ReadUp,
        ["GET /api/flags/v1/stream"] = Sdk,
        ["POST /api/flags/v1/events"] = Sdk,
        ["POST /ofrep/v1/evaluate/flags/{key}"] = Sdk,
        ["POST /ofrep/v1/evaluate/flags"] = Sdk,
        ["GET /ofrep/v1/configuration"] = Sdk,
        ["GET /api/agent/v1/desired"] = Agent,
        ["POST /api/agent/v1/report"] = Agent,
        ["POST /api/agent/v1/metrics"] = Agent,
        ["GET /api/artifacts/{digest}"] = Agent,
        ["GET /api/prometheus/v1/targets"] = ReadUp,
        ["GET /api/services/{name}/secrets"] = AdminOnly,
        ["PUT /api/services/{name}/secrets/{secret}"] = AdminOnly,
        ["DELETE /api/services/{name}/secrets/{secret}"] = AdminOnly,
        ["PUT /api/services/{name}/webhook-secret"] = AdminOnly,
        ["GET /api/tokens"] = AdminOnly,
        ["POST /api/tokens"] = AdminOnly,
        ["DELETE /api/tokens/{name}"] = AdminOnly,
        ["GET /api/events/stream"] = ReadUp,
        ["GET /api/events"] = ReadUp,
        ["GET /api/whoami"] = ReadUp,
        ["GET /api/agents"] = ReadUp,
        ["GET /api/metrics/dora"] = ReadUp,
        ["GET /api/runs/{runId}/tests"] = ReadUp,

        // Not in the OpenAPI document, checked by hand below.
        ["GET /openapi/v1.json"] = ReadUp,
        // The console's shell: no data in it; it logs in with a token and sends it on every API call.
        ["GET /"] = Anyone,
        ["GET /console"] = Anyone,
        ["GET /console/{**path}"] = Anyone,
        ["GET /console/assets/{file}"] = Anyone,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_operation_answers_each_token_as_the_table_says()
    {
        var operations = await OperationsAsync();
        operations.Add(("GET", "/openapi/v1.json"));
        operations.Add(("GET", "/"));
        operations.Add(("GET", "/console"));
        operations.Add(("GET", "/console/{**path}"));
        operations.Add(("GET", "/console/assets/{file}"));
        var missing = operations.Select(Key).Where(k => !Allowed.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "operations without a row in the table: " + string.Join(", ", missing));
        var stale = Allowed.Keys.Except(operations.Select(Key)).ToList();
        Assert.True(stale.Count == 0, "rows for operations that do not exist: " + string.Join(", ", stale));

        var wrong = new List<string>();
        foreach (var (method, template) in operations)
        {
            foreach (var (who, token) in server.Tokens)
            {
                var status = await SendAsync(method, template, token);
                var expected = Allowed[Key((method, template))].Contains(who) ? "allowed" : token is null || who == "wrong" ? "401" : "403";
                var actual = status is HttpStatusCode.Unauthorized ? "401" : status is HttpStatusCode.Forbidden ? "403" : "allowed";
                if (expected != actual)
                {
                    wrong.Add($"{method} {template} with {who}: expected {expected}, got {(int)status}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_refusal_is_problem_details_and_a_401_names_the_bearer_scheme()
    {
        using var unauthorized = await server.Http.SendAsync(server.Request(HttpMethod.Get, "api/services", null), Ct);
        using var forbidden = await server.Http.SendAsync(server.Request(HttpMethod.Post, "api/services/x/deploy", server.Tokens["read"], "{\"commit\":\"main\"}"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", Assert.Single(unauthorized.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await forbidden.Content.ReadAsStringAsync(Ct));
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("reader", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string Key((string Method, string Template) op) => $"{op.Method} {op.Template}";

    private async Task<List<(string Method, string Template)>> OperationsAsync()
    {
        using var response = await server.Http.SendAsync(server.Request(HttpMethod.Get, "openapi/v1.json", server.Tokens["read"]), Ct);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var operations = new List<(string, string)>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                operations.Add((op.Name.ToUpperInvariant(), path.Name.Length > 1 ? path.Name.TrimEnd('/') : path.Name));
            }
        }

        return operations;
    }

    /// <summary>A body that names the agent token's host and the SDK key's service, and nothing else.</summary>
    private static readonly string SampleBody = $"{{\"host\":\"{AuthServer.AgentHost}\",\"service\":\"{AuthServer.SdkService}\"}}";

    /// <summary>Sends one operation with sample path values, the agent's host and the SDK key's service (query, header and body).</summary>
    private async Task<HttpStatusCode> SendAsync(string method, string template, string? token)
    {
        var path = Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "service" or "name" when template.StartsWith("/api/services", StringComparison.Ordinal) => AuthServer.SdkService,
            "digest" => new string('0', 64),
            "step" => "build",
            "path" => "rollouts/sample",
            "file" => "app.js",
            _ => "sample",
        });
        var query = $"?host={AuthServer.AgentHost}&service={AuthServer.SdkService}";
        using var request = server.Request(new HttpMethod(method), path.TrimStart('/') + query, token, method is "GET" or "DELETE" ? null : SampleBody);
        request.Headers.Add("X-Slipway-Service", AuthServer.SdkService);
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\{\**(\w+)\}")]
    private static partial Regex Placeholder();
}
