using Microsoft.Extensions.Logging;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Commands;

/// <summary>`slipway server`: runs the server (API, journal, pipelines, rollouts, front doors, embedded agent) until Ctrl+C.</summary>
internal static class ServerCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, ["url", "data", "postgres"], ["no-agent", "verbose"]);
        var options = new SlipwayServerOptions
        {
            Url = a.Get("url") ?? "http://127.0.0.1:7400",
            DataDirectory = a.Get("data") ?? ".slipway",
            PostgresConnectionString = a.Get("postgres"),
            MinimumLogLevel = a.Has("verbose") ? LogLevel.Information : LogLevel.Warning,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await using var host = await EmbeddedHost.StartAsync(options, agent: !a.Has("no-agent"), ct);
        var server = host.Server;
        await stdout.WriteLineAsync($"slipway server listening on {server.Address} (data: {Path.GetFullPath(options.DataDirectory)}, journal: {(options.PostgresConnectionString is null ? "sqlite" : "postgresql")})");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await stdout.WriteLineAsync("slipway server stopping");
        return 0;
    }
}
