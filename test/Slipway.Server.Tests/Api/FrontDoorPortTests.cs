using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Api;

/// <summary>
/// A front door port that cannot be bound must never stop the server: registration refuses ports that are
/// privileged, out of range or taken, and a port taken later fails only that service, with the reason in its status.
/// </summary>
public sealed class FrontDoorPortTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => server.Bed.Api.Http;

    [Theory]
    [InlineData(22)]
    [InlineData(65536)]
    [InlineData(-1)]
    [InlineData(1023)]
    public async Task A_privileged_or_impossible_front_door_port_is_a_400_problem(int port)
    {
        using var response = await RegisterAsync("ports-" + (port < 0 ? "neg" : port.ToString(System.Globalization.CultureInfo.InvariantCulture)), port);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("between 1024 and 65535", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_servers_own_api_port_is_refused_as_a_front_door()
    {
        using var response = await RegisterAsync("ports-api", server.Bed.Api.Http.BaseAddress!.Port);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("own API port", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_services_front_door_port_is_refused()
    {
        var known = await server.Bed.Api.StatusAsync("known", Ct);
        var port = new Uri(known.Service.FrontDoor).Port;

        using var response = await RegisterAsync("ports-twin", port);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("'known'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_another_program_listens_on_is_refused()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();

        using var response = await RegisterAsync("ports-busy", ((IPEndPoint)other.LocalEndpoint).Port);

        await ProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_poll_interval_that_is_not_a_number_is_a_400_problem()
    {
        using var content = new StringContent($"{{\"name\":\"ports-nan\",\"repository\":{JsonSerializer.Serialize(server.Bed.Repository.Path)},\"pollSeconds\":\"NaN\"}}", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("api/services", content, Ct);

        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_front_door_port_taken_while_the_server_was_down_fails_that_service_not_the_server()
    {
        await using var bed = await TestBed.CreateAsync("port-taken", Ct);
        await bed.CommitYamlAsync("build: \"true\"\n", "incomplete config", Ct);
        await bed.StartServerAsync(Ct);
        var registered = await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var port = new Uri(registered.FrontDoor).Port;
        await bed.StopServerAsync();

        using var squatter = new TcpListener(IPAddress.Loopback, port);
        squatter.Start();
        await bed.StartServerAsync(Ct);

        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.NotNull(status.Service.Problem);
        Assert.Contains($"front door port {port} could not be opened", status.Service.Problem, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> RegisterAsync(string name, int port) =>
        Http.PostAsJsonAsync("api/services", new { name, repository = server.Bed.Repository.Path, frontDoorPort = port }, Ct);

    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? string.Empty;
    }
}
