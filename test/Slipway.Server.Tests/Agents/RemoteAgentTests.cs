using System.Net.Http.Json;
using Slipway.Server.Api;
using Slipway.Server.Tests.Hosting;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Agents;

/// <summary>
/// A real remote agent: `slipway agent` runs in a network namespace of its own and reaches the server across a veth
/// pair, and the server reaches its instances the same way (front door, self-tests, metrics). Skipped by name where
/// namespaces cannot be made.
/// </summary>
[Collection(Deployments.Name)]
public sealed class RemoteAgentTests(HelloFixture hello)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_is_rolled_out_to_an_agent_on_another_host_and_served_across_the_network()
    {
        var (ns, whyNot) = await NetworkNamespace.TryCreateAsync();
        if (ns is null)
        {
            Assert.Skip($"RemoteAgentTests skipped: {whyNot}");
        }

        await using var cleanupNamespace = ns;
        await using var bed = await TestBed.CreateAsync("remote-agent", Ct);
        var config = bed.Config(hello.Published) with { Instances = 2, Run = "dotnet Hello.dll --urls http://$SLIPWAY_ADDRESS:$PORT" };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        var url = new Uri($"http://{ns.HostAddress}:{SlipwayProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)}/");
        await using var server = SlipwayProcess.StartServer(bed, url, "server.log", null, "--no-agent");
        await SlipwayProcess.WaitUntilUpAsync(bed, server, url);
        var token = await AgentTokenAsync(bed, "remote-1");
        await using var agent = StartAgent(bed, ns, url, token, "remote-1", "agent.log");

        var registered = await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v1, Ct);

        Assert.True(rollout.Outcome == "promoted", $"{rollout.Outcome}: {rollout.Summary}\nagent log:\n{agent.Log}");
        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Equal(2, status.Fleet.Count);
        Assert.All(status.Fleet, i => Assert.Equal("remote-1", i.Host));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        Assert.Equal($"Hello from {v1}!", await http.GetStringAsync(new Uri(registered.FrontDoor), Ct));

        // The same token, used by an agent that claims another host, is refused on every call, and that host never joins.
        await using var impostor = StartAgent(bed, ns, url, token, "remote-2", "impostor.log");
        await Eventually.TrueAsync(() => impostor.Log.Contains("403", StringComparison.Ordinal), "the impostor agent to be refused with 403", Ct);
        Assert.All((await bed.Api.StatusAsync("hello", Ct)).Fleet, i => Assert.Equal("remote-1", i.Host));
    }

    private static async Task<string> AgentTokenAsync(TestBed bed, string host)
    {
        using var response = await bed.Api.Http.PostAsJsonAsync("api/tokens", new CreateTokenRequest($"agent-{host}", "agent", host, null), Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedToken>(Ct))!.Token;
    }

    /// <summary>`slipway agent` inside the namespace, reaching the server across the veth pair.</summary>
    private static ChildProcess StartAgent(TestBed bed, NetworkNamespace ns, Uri server, string token, string host, string log) =>
        ChildProcess.Start(
            "ip",
            ns.Exec("dotnet", SlipwayProcess.CliDll, "agent", "--server", server.ToString(), "--token", token, "--host", host, "--address", ns.InsideAddress, "--data", bed.Folder.Combine("agent-" + host)),
            bed.Folder.Combine(log),
            new Dictionary<string, string> { ["TESTKIT_OWNER"] = bed.Owner });
}
