using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Slipway.Fuzzing;
using Slipway.Server.Api;
using Slipway.Server.Tests.Api;

namespace Slipway.Server.Tests.Fuzz;

/// <summary>
/// Every POST and PUT of the OpenAPI document, against one real server, with generated bodies: never a 5xx, never an
/// answer later than ten seconds.
/// </summary>
public sealed class ApiBodyFuzzTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One operation of the OpenAPI document: its method, path template and the member names of its JSON body.</summary>
    public sealed record Operation(string Method, string Path, IReadOnlyList<string> Members);

    public sealed record Case(Operation Operation, string Path, string Body)
    {
        public override string ToString() => $"{Operation.Method} {Shorten(Path)} {Shorten(Body)}";
    }

    [Fact]
    public async Task Generated_bodies_to_every_post_and_put_endpoint_never_get_a_5xx_or_hang()
    {
        using var http = Client(server.Bed.Api.Http.BaseAddress!, server.Bed.AdminToken);
        var operations = await OperationsAsync(http);
        Assert.True(operations.Count >= 15, $"{operations.Count} POST and PUT operations in the OpenAPI document");

        var cases = Gen.Select(Gen.Int[0, operations.Count - 1], Gen.Int, Gen.Int, (o, pathSeed, bodySeed) =>
        {
            var operation = operations[o];
            return new Case(operation, FillPath(operation.Path, new Random(pathSeed)), new RandomJson(bodySeed).Body(operation.Members));
        });

        await FuzzRun.SampleAsync(cases, c => SendAsync(http, c), iter: 600, cap: TimeSpan.FromSeconds(75), print: c => c.ToString());
    }

    [Fact]
    public async Task Every_post_and_put_endpoint_survives_each_kind_of_hostile_body()
    {
        using var http = Client(server.Bed.Api.Http.BaseAddress!, server.Bed.AdminToken);
        var operations = await OperationsAsync(http);
        string[] bodies =
        [
            "", "null", "{}", "[]", "\"text\"", "{not json", "1e400", new string('[', 100_000), JsonSerializer.Serialize(new string('x', 1_000_000)),
        ];

        foreach (var operation in operations)
        {
            foreach (var body in bodies)
            {
                await SendAsync(http, new Case(operation, FillPath(operation.Path, new Random(0)), body));
            }
        }
    }

    /// <summary>The one place the fuzz client is built: with the admin token, so every endpoint reaches its body checks.</summary>
    internal static HttpClient Client(Uri address, string? token)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = Deadline };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static async Task SendAsync(HttpClient http, Case c)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Operation.Method), c.Path)
        {
            Content = new StringContent(c.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        // Past the body limit Kestrel answers 413 and closes the connection, possibly while the body is still being
        // sent: the client may then see the connection end instead of the 413. Such a request gets a connection of its own.
        var tooLarge = Encoding.UTF8.GetByteCount(c.Body) > ApiLimits.MaxRequestBodyBytes;
        request.Headers.ConnectionClose = tooLarge;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, Ct);
        }
        catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{c} did not answer within {Deadline.TotalSeconds} s");
        }
        catch (HttpRequestException) when (tooLarge)
        {
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                var text = await response.Content.ReadAsStringAsync(Ct);
                Assert.Fail($"{c} answered {status}: {Shorten(text)}");
            }
        }
    }

    private static async Task<List<Operation>> OperationsAsync(HttpClient http)
    {
        // The document is built on its first request, which takes more than the 10 s a fuzz case may on a loaded machine.
        using var reader = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        reader.DefaultRequestHeaders.Authorization = http.DefaultRequestHeaders.Authorization;
        using var doc = JsonDocument.Parse(await reader.GetStringAsync("openapi/v1.json", Ct));
        var schemas = doc.RootElement.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        var operations = new List<Operation>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "post" or "put"))
            {
                operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name.TrimStart('/'), Members(method.Value, schemas)));
            }
        }

        return operations;
    }

    /// <summary>The property names of the operation's JSON body schema (following one <c>$ref</c>), or none.</summary>
    private static List<string> Members(JsonElement operation, JsonElement schemas)
    {
        if (!operation.TryGetProperty("requestBody", out var body)
            || !body.TryGetProperty("content", out var content)
            || !content.TryGetProperty("application/json", out var json)
            || !json.TryGetProperty("schema", out var schema))
        {
            return [];
        }

        if (schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object
            && schemas.TryGetProperty(reference.GetString()!.Split('/')[^1], out var target))
        {
            schema = target;
        }

        return schema.TryGetProperty("properties", out var properties) ? [.. properties.EnumerateObject().Select(p => p.Name)] : [];
    }

    /// <summary>Mostly the known service and a real flag key, sometimes anything at all.</summary>
    private static string FillPath(string template, Random random)
    {
        string[] hostile = ["nope", "..%2F..%2Fetc", "%00", new string('x', 3000), "KNOWN", "a%20b", "-", "known.", "%2e%2e"];
        var parts = template.Split('/').Select(part =>
        {
            if (!part.StartsWith('{'))
            {
                return part;
            }

            if (random.Next(3) == 0)
            {
                return hostile[random.Next(hostile.Length)];
            }

            return part switch
            {
                "{name}" or "{service}" => "known",
                "{key}" => "fuzz-flag",
                _ => "fuzz",
            };
        });
        var path = string.Join('/', parts);
        return random.Next(4) == 0 ? path + "?environment=" + hostile[random.Next(hostile.Length)] + "&mode=replace&by=x" : path;
    }

    private static string Shorten(string text) => text.Length > 300 ? string.Concat(text.AsSpan(0, 300), $"... ({text.Length} characters)") : text;
}
