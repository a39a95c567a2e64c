using System.CommandLine;
using System.Runtime.InteropServices;
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
        var stopInstances = CliOptions.Switch("--stop-instances", "stop the embedded agent's instances when the server stops (by default they keep serving and are adopted at the next start)");
        var command = new Command("server", "run the server: API, journal, pipelines, rollouts, front doors, embedded agent") { url, data, postgres, noAgent, verbose, stopInstances };
        command.SetAction((parse, ct) => RunAsync(
            !parse.GetValue(noAgent),
            parse.GetValue(stopInstances),
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

    /// <summary>The longest a graceful stop may take before the process exits anyway.</summary>
    public static readonly TimeSpan ShutdownDeadline = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(bool agent, bool stopInstances, SlipwayServerOptions options, TextWriter stdout, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // SIGTERM (a service manager, kill) and SIGINT (Ctrl+C) both start a graceful stop: no new work is taken,
        // what is under way is left journaled where it is, instances keep serving, and the next start resumes.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        var host = await EmbeddedHost.StartAsync(options, agent, ct, stopInstancesOnShutdown: stopInstances);
        if (host.Server.FirstStartAdminToken is { } admin)
        {
            // Printed this once; it is also in <data>/admin-token (owner-only) until the operator deletes that file.
            await stdout.WriteLineAsync($"first start: admin token (shown once, also in {host.Server.Tokens.AdminTokenFile}):");
            await stdout.WriteLineAsync(admin);
        }

        await stdout.WriteLineAsync($"slipway server listening on {host.Server.Address} (data: {Path.GetFullPath(options.DataDirectory)}, journal: {(options.PostgresConnectionString is null ? "sqlite" : "postgresql")})");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await stdout.WriteLineAsync($"slipway server stopping (at most {ShutdownDeadline.TotalSeconds:0} s)");
        try
        {
            await host.DisposeAsync().AsTask().WaitAsync(ShutdownDeadline, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await stdout.WriteLineAsync("slipway server: stop took too long; exiting with work still journaled (it resumes at the next start)");
            return 1;
        }

        await stdout.WriteLineAsync("slipway server stopped");
        return 0;
    }
}
