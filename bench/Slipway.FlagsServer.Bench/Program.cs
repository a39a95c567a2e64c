using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.FlagsServer.Bench;
using Slipway.Server.Hosting;

// Server-side flag benchmarks (docs/benchmarks-flags.md):
//   dotnet run -c Release --project bench/Slipway.FlagsServer.Bench -- [--clients 100] [--changes 200] [--concurrency 32] [--seconds 10]
var clients = Option("--clients", 100);
var changes = Option("--changes", 200);
var concurrency = Option("--concurrency", 32);
var seconds = Option("--seconds", 10);

var data = Directory.CreateTempSubdirectory("slipway-flags-bench-").FullName;
try
{
    await using var server = await SlipwayServer.StartAsync(
        new SlipwayServerOptions { DataDirectory = data, Url = "http://127.0.0.1:0", MinimumLogLevel = LogLevel.Error },
        CancellationToken.None);
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; server {server.Address} (SQLite journal)");

    var propagation = await PropagationRun.RunAsync(server.Address, clients, changes, Console.Out, CancellationToken.None);
    Console.WriteLine($"propagation, API change until all {clients} SDK clients have it: {propagation}");

    var (perSecond, latency, requests, failures) = await OfrepRun.RunAsync(server.Address, concurrency, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds), CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OFREP single evaluation, {concurrency} concurrent clients for {seconds} s: {perSecond:N0} evaluations/s ({requests:N0} requests, {failures} failed); latency {latency}"));
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
