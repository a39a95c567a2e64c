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
    public async Task An_agent_with_its_hosts_token_is_live_and_one_without_a_token_never_is()
    {
        var data = Path.Combine(server.Data, "remote-agents");
        var token = server.Server.Tokens.Create("agent-remote-1", TokenScope.Agent, "remote-1", null);
        await using var joined = HostAgent.ForServer(server.Server.Address, new AgentOptions { Host = "remote-1", DataDirectory = Path.Combine(data, "remote-1") }, NullLoggerFactory.Instance, token);
        await using var stranger = HostAgent.ForServer(server.Server.Address, new AgentOptions { Host = "remote-2", DataDirectory = Path.Combine(data, "remote-2") }, NullLoggerFactory.Instance);
        await using var impostor = HostAgent.ForServer(server.Server.Address, new AgentOptions { Host = "remote-3", DataDirectory = Path.Combine(data, "remote-3") }, NullLoggerFactory.Instance, token);

        await joined.StartAsync(Ct);
        await stranger.StartAsync(Ct);
        await impostor.StartAsync(Ct);
        await Eventually.TrueAsync(() => server.Server.Agents.LiveHosts().Contains("remote-1"), "the agent with its token to be live", Ct, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        Assert.DoesNotContain("remote-2", server.Server.Agents.LiveHosts());
        Assert.DoesNotContain("remote-3", server.Server.Agents.LiveHosts());
    }
}
