using Microsoft.Extensions.Logging;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Demo;

/// <summary>The embedded server every demo runs on: SQLite journal and embedded agent in the demo's data folder, a free port.</summary>
internal static class DemoServer
{
    public static async Task<EmbeddedHost> StartAsync(string data, bool verbose, DemoOutput output, CancellationToken ct)
    {
        var host = await EmbeddedHost.StartAsync(
            new SlipwayServerOptions
            {
                DataDirectory = Path.Combine(data, "server"),
                Url = "http://127.0.0.1:0",
                MinimumLogLevel = verbose ? LogLevel.Information : LogLevel.Error,
            },
            agent: true,
            ct);
        output.Line($"server {host.Server.Address} (SQLite journal, embedded agent)");
        return host;
    }
}
