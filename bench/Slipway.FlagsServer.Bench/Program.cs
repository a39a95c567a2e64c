using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.FlagsServer.Bench;
using Slipway.Server.Hosting;

// Server-side flag benchmarks (docs/benchmarks-flags.md):
//   dotnet run -c Release --project bench/Slipway.FlagsServer.Bench -- [--clients 100] [--changes 200] [--concurrency 32] [--seconds 10]
//     [--auth-seconds 1] [--auth-rounds 20] [--auth-only]
// The auth pass (docs/benchmarks.md, "Authentication"): OFREP and the agent report with tokens required and without.
var clients = Option("--clients", 100);
var changes = Option("--changes", 200);
var concurrency = Option("--concurrency", 32);
var seconds = Option("--seconds", 10);
var authSeconds = Option("--auth-seconds", 1);
var authRounds = Option("--auth-rounds", 20);
var authOnly = args.Contains("--auth-only");

var data = Directory.CreateTempSubdirectory("slipway-flags-bench-").FullName;
try
{
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version} (SQLite journal)");
    if (!authOnly)
    {
        await using var server = await SlipwayServer.StartAsync(
            new SlipwayServerOptions { DataDirectory = Path.Combine(data, "main"), Url = "http://127.0.0.1:0", MinimumLogLevel = LogLevel.Error },
            CancellationToken.None);
        var sdkKey = server.Tokens.InstanceSdkKey("bench");
        var propagation = await PropagationRun.RunAsync(server.Address, server.AdminToken, sdkKey, clients, changes, Console.Out, CancellationToken.None);
        Console.WriteLine($"propagation, API change until all {clients} SDK clients have it: {propagation}");

        var (perSecond, latency, requests, failures) = await OfrepRun.RunAsync(server.Address, server.AdminToken, sdkKey, concurrency, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds), CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OFREP single evaluation, {concurrency} concurrent clients for {seconds} s: {perSecond:N0} evaluations/s ({requests:N0} requests, {failures} failed); latency {latency}"));
    }

    await AuthCostRun.RunAsync(data, concurrency, TimeSpan.FromSeconds(authSeconds), authRounds, Console.Out, CancellationToken.None);
}
finally
{
    Directory.Delete(data, recursive: true);
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
