using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Agent;
using Slipway.Server.Hosting;

namespace Slipway.Cli;

/// <summary>
/// The embedded default on one machine: the server, and next to it in the same process the agent for host
/// <c>local</c>. They meet only over agent protocol v1, in-process (<see cref="SlipwayServer.AgentLink"/>), so the
/// server never references the agent. The agent keeps its files in the server's data folder (<c>agent/</c>), which is
/// how it adopts the instances that survived a crash when the server starts again on the same folder.
/// `slipway server`, the demos, the test kit and the benches all start a server through this one type.
/// </summary>
internal sealed class EmbeddedHost : IAsyncDisposable
{
    private int _disposed;

    private EmbeddedHost(SlipwayServer server, HostAgent? agent)
    {
        Server = server;
        Agent = agent;
    }

    public SlipwayServer Server { get; }

    /// <summary>The embedded agent, or null when the server runs without one (`slipway server --no-agent`).</summary>
    public HostAgent? Agent { get; }

    /// <param name="stopInstancesOnShutdown">
    /// Whether a graceful stop also stops the instances (the demos and tests clean up so). `slipway server` keeps
    /// them running, as a crash would, and the next start adopts them.
    /// </param>
    public static async Task<EmbeddedHost> StartAsync(SlipwayServerOptions options, bool agent, CancellationToken cancellationToken, bool stopInstancesOnShutdown = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = await SlipwayServer.StartAsync(options, cancellationToken);
        if (!agent)
        {
            return new EmbeddedHost(server, null);
        }

        try
        {
            var hostAgent = new HostAgent(
                new AgentOptions { Host = "local", DataDirectory = new ServerPaths(options.DataDirectory).Agent, ServiceDataDirectory = new ServerPaths(options.DataDirectory).ServiceData, StopInstancesOnShutdown = stopInstancesOnShutdown, RunAs = options.RunAs },
                server.AgentLink,
                options.Time,
                server.Services.GetRequiredService<ILogger<HostAgent>>());
            await hostAgent.StartAsync(cancellationToken);
            return new EmbeddedHost(server, hostAgent);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the agent first (it stops its instances unless told to keep them), then the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (Agent is not null)
            {
                await Agent.DisposeAsync();
            }
        }
        finally
        {
            await Server.DisposeAsync();
        }
    }
}
