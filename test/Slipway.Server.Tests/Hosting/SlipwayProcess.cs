using System.Globalization;
using System.Net.Sockets;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Hosting;

/// <summary>Starts the real `slipway` command (the built Slipway.Cli.dll) as a child process: a server or an agent.</summary>
internal static class SlipwayProcess
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string CliDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var cli = Path.Combine(HelloSample.RepositoryRoot(), "src", "Slipway.Cli", "bin", configuration, "net10.0", "Slipway.Cli.dll");
            Assert.True(File.Exists(cli), $"{cli} is missing: build src/Slipway.Cli");
            return cli;
        }
    }

    /// <summary>`slipway server --url URL --data (bed's data folder) [extra…]`, its instances marked with the bed's owner.</summary>
    public static ChildProcess StartServer(TestBed bed, Uri url, string log, IReadOnlyDictionary<string, string>? environment = null, params string[] extra)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["TESTKIT_OWNER"] = bed.Owner };
        return ChildProcess.Start(
            "dotnet",
            [CliDll, "server", "--url", url.ToString().TrimEnd('/'), "--data", bed.DataDirectory, .. extra],
            bed.Folder.Combine(log),
            env);
    }

    /// <summary>Points the bed's API client at <paramref name="url"/> and waits until the server answers there.</summary>
    public static async Task WaitUntilUpAsync(TestBed bed, ChildProcess server, Uri url)
    {
        bed.UseServer(url);
        await Eventually.GetAsync(
            async () =>
            {
                Assert.False(server.HasExited, $"the server exited:\n{server.Log}");
                try
                {
                    using var response = await bed.Api.Http.GetAsync("api/services", Ct);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            up => up,
            "the server to answer",
            Ct);
    }

    public static Uri Loopback(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
