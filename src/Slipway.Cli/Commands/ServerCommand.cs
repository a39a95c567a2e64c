using System.CommandLine;
using Microsoft.Extensions.Logging;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Commands;

/// <summary>`slipway server`: runs the server (API, journal, pipelines, rollouts, front doors, embedded agent) until Ctrl+C.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var url = CliOptions.Text("--url", $"the API's address; port 0 picks a free one (default: {CliOptions.DefaultServer})", "URL");
        var data = CliOptions.Text("--data", "the data folder: journal, artifacts, mirrors, logs (default: .slipway)", "DIR");
        var postgres = CliOptions.Text("--postgres", "keep the journal in PostgreSQL instead of SQLite", "CONN");
        var noAgent = CliOptions.Switch("--no-agent", "do not run the embedded agent for host 'local'");
        var verbose = CliOptions.Switch("--verbose", "log at Information level (logs go to stderr)");
        var command = new Command("server", "run the server: API, journal, pipelines, rollouts, front doors, embedded agent") { url, data, postgres, noAgent, verbose };
        command.SetAction((parse, ct) => RunAsync(
            !parse.GetValue(noAgent),
            new SlipwayServerOptions
            {
                Url = parse.GetValue(url) ?? CliOptions.DefaultServer,
                DataDirectory = parse.GetValue(data) ?? ".slipway",
                PostgresConnectionString = parse.GetValue(postgres),
                MinimumLogLevel = parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning,
            },
            parse.InvocationConfiguration.Output,
            ct));
        return command;
    }

    public static async Task<int> RunAsync(bool agent, SlipwayServerOptions options, TextWriter stdout, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await using var host = await EmbeddedHost.StartAsync(options, agent, ct);
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
