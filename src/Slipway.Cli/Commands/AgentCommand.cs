using Microsoft.Extensions.Logging;
using Slipway.Agent;

namespace Slipway.Cli.Commands;

/// <summary>`slipway agent --server URL`: the same agent as the embedded one, as its own process for another host.</summary>
internal static class AgentCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, ["server", "host", "data"], ["keep-instances"]);
        if (!a.Has("server"))
        {
            throw new UsageException("--server URL is required: the agent follows that server's desired state.");
        }

        var host = a.Get("host") ?? Environment.MachineName.ToLowerInvariant();
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var options = new AgentOptions
        {
            Host = host,
            DataDirectory = a.Get("data") ?? Path.Combine(".slipway-agent", host),
            StopInstancesOnShutdown = !a.Has("keep-instances"),
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await using var agent = HostAgent.ForServer(a.ServerUrl(), options, loggers);
        await agent.StartAsync(ct);
        await stdout.WriteLineAsync($"slipway agent '{host}' following {a.ServerUrl()} (data: {Path.GetFullPath(options.DataDirectory)})");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
