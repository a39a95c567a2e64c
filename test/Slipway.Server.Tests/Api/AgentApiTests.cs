using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Slipway.Agent.Protocol;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Api;

public sealed class AgentApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"host\":\"h1\"}")]
    [InlineData("{\"host\":\"h1\",\"instances\":null}")]
    [InlineData("{\"host\":\"\",\"instances\":[]}")]
    [InlineData("{\"host\":\"h1\",\"instances\":[null]}")]
    [InlineData("{\"host\":\"h1\",\"instances\":[{\"state\":\"listening\"}]}")]
    public async Task A_malformed_agent_report_is_a_400_problem_not_a_500(string body)
    {
        await using var bed = await TestBed.CreateAsync("agent-api", Ct);
        await bed.StartServerAsync(Ct);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await bed.Api.Http.PostAsync("api/agent/v1/report", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_well_formed_agent_report_is_accepted_and_its_host_becomes_live()
    {
        await using var bed = await TestBed.CreateAsync("agent-api", Ct);
        await bed.StartServerAsync(Ct);
        var report = new AgentReportV1("h1", [new InstanceStatusV1("i-1", "svc", "v1", InstanceStates.Listening, 123, 4567, "127.0.0.1", 0, null, null)]);

        using var response = await bed.Api.Http.PostAsJsonAsync("api/agent/v1/report", report, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var desired = JsonDocument.Parse(await bed.Api.Http.GetStringAsync("api/agent/v1/desired?host=h1&after=-2", Ct));
        Assert.Equal(0, desired.RootElement.GetProperty("instances").GetArrayLength());
    }
}
