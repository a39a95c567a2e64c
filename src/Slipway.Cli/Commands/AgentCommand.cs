using System.CommandLine;
using Microsoft.Extensions.Logging;
using Slipway.Agent;

namespace Slipway.Cli.Commands;

/// <summary>`slipway agent --server URL --token T --host H`: the same agent as the embedded one, as its own process for another host.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var server = CliOptions.Server(required: true);
        var host = CliOptions.Text("--host", "this host's name (default: the machine name)", "NAME");
        var data = CliOptions.Text("--data", "the agent's folder: artifacts, instance logs (default: .slipway-agent/HOST)", "DIR");
        var keep = CliOptions.Switch("--keep-instances", "leave the instances running when the agent stops");
        var address = CliOptions.Text("--address", "the address instances listen on, which the server must reach (default: 127.0.0.1)", "IP");
        var command = new Command("agent", "run an agent for another host: it follows the server's desired state") { server, host, data, keep, address };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!, parse.GetValue(host), parse.GetValue(data), parse.GetValue(keep), parse.GetValue(address), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string? hostName, string? data, bool keepInstances, string? address, TextWriter stdout, CancellationToken ct)
    {
        if (address is not null && !System.Net.IPAddress.TryParse(address, out _))
        {
            throw new UsageException($"--address must be an IP address, not '{address}'.");
        }

        var host = hostName ?? Environment.MachineName.ToLowerInvariant();
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var options = new AgentOptions
        {
            Host = host,
            DataDirectory = data ?? Path.Combine(".slipway-agent", host),
            StopInstancesOnShutdown = !keepInstances,
            Address = address ?? "127.0.0.1",
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await using var agent = HostAgent.ForServer(server, options, loggers, CliCredentials.Token);
        await agent.StartAsync(ct);
        await stdout.WriteLineAsync($"slipway agent '{host}' following {server} (data: {Path.GetFullPath(options.DataDirectory)})");
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
