using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Agent;
using Slipway.Server.Auth;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Auth;

/// <summary>An agent of its own (HTTP, as `slipway agent --token T` runs it) joins with a token bound to its host.</summary>
public sealed class RemoteAgentTokenTests(AuthServer server) : IClassFixture<AuthServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_with_its_hosts_token_is_live_and_one_without_a_token_or_for_another_host_is_refused()
    {
        var data = Path.Combine(server.Data, "remote-agents");
        var token = server.Server.Tokens.Create("agent-remote-1", TokenScope.Agent, "remote-1", null);
        await using var joined = HostAgent.ForServer(server.Server.Address, new AgentOptions { Host = "remote-1", DataDirectory = Path.Combine(data, "remote-1") }, NullLoggerFactory.Instance, token);

        await joined.StartAsync(Ct);
        await Eventually.TrueAsync(() => server.Server.Agents.LiveHosts().Contains("remote-1"), "the agent with its token to be live", Ct, TimeSpan.FromSeconds(30));

        // What an agent with no token, or with remote-1's token claiming remote-3, would send: both refused, neither joins.
        const string Report = """{"host":"remote-3","instances":[]}""";
        using var stranger = await server.Http.SendAsync(server.Request(HttpMethod.Post, "api/agent/v1/report", null, Report), Ct);
        using var impostor = await server.Http.SendAsync(server.Request(HttpMethod.Post, "api/agent/v1/report", token, Report), Ct);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, impostor.StatusCode);
        Assert.DoesNotContain("remote-3", server.Server.Agents.LiveHosts());
    }
}
