using System.Globalization;
using Slipway.Bench;
using Slipway.Bench.CrashOnStart;
using Slipway.Bench.FrontDoor;
using Slipway.Bench.Memory;
using Slipway.Bench.Overhead;
using Slipway.Bench.Reporting;
using Slipway.Bench.Rollback;
using Slipway.Bench.Setup;
using Slipway.Bench.ZeroDowntime;

// Issue 2's benchmarks against the real server, agent, front door and sample service, all on 127.0.0.1.
//   dotnet run -c Release --project bench/Slipway.Bench -- <overhead|rollback|zero-downtime|memory|crash-on-start|frontdoor|all> [options]
// frontdoor (issue 11): --rate R (default 2000), --runs N, --pass S (default 10), --detect-rate R (default 200).
// Options: --runs N (overhead, rollback; default 5), --bake S (overhead; default 1), --instances N and --rate R
// (zero-downtime; default 50 and 200), --idle S (memory; default 10), --published DIR (reuse a published
// samples/hello instead of publishing it again), --keep (keep the temp folders).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "migrations")
{
    // Issue 12: the migration gate against squawk on a labelled corpus, and the time it adds (PostgreSQL).
    return await Slipway.Bench.Migrations.MigrationGateBench.RunAsync(RepoRoot.Find(), new BenchArguments(args[1..]), CancellationToken.None);
}

if (args.Length > 0 && args[0] == "migrations-ef")
{
    // Issue 12: the same gate time with EF Core migrations read through dotnet ef (PostgreSQL).
    Console.WriteLine($"Slipway bench `migrations-ef` on {Machine.Describe()}");
    return await Slipway.Bench.Migrations.EfMigrationGateBench.RunAsync(RepoRoot.Find(), new BenchArguments(args[1..]), CancellationToken.None);
}

if (args.Length > 0 && args[0] == "speed")
{
    // Issue 14: commit → promoted of the real sample (build, test, rollout), cold and default mode in one run.
    Console.WriteLine($"Slipway bench `speed` on {Machine.Describe()}");
    var speed = await Slipway.Bench.Speed.SpeedBench.RunAsync(RepoRoot.Find(), new BenchArguments(args[1..]), CancellationToken.None);
    Console.WriteLine();
    Console.WriteLine(Table.Figures(speed));
    Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
    return speed.All(f => f.Met != false) ? 0 : 1;
}

string[] known = ["overhead", "rollback", "zero-downtime", "memory", "crash-on-start", "frontdoor", "all"];
if (args.Length == 0 || !known.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: Slipway.Bench <{string.Join('|', known)}> [--runs N] [--bake S] [--instances N] [--rate R] [--idle S] [--published DIR] [--keep]");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var command = args[0];
var arguments = new BenchArguments(args[1..]);
var root = RepoRoot.Find();
Console.WriteLine($"Slipway bench `{command}` on {Machine.Describe()}");
using var sampleFolder = TempFolder.Create("sample", keep: false);
var published = command == "memory"
    ? string.Empty
    : await SamplePublisher.PublishAsync(root, arguments.Get("--published"), sampleFolder.Sub("hello"), cancel.Token);
var context = new BenchContext(root, published, arguments);

var figures = new List<Figure>();
foreach (var bench in command == "all" ? ["memory", "overhead", "rollback", "zero-downtime"] : new[] { command })
{
    Console.WriteLine();
    figures.AddRange(bench switch
    {
        "overhead" => await OverheadBench.RunAsync(context, cancel.Token),
        "rollback" => await RollbackBench.RunAsync(context, cancel.Token),
        "zero-downtime" => await ZeroDowntimeBench.RunAsync(context, cancel.Token),
        "crash-on-start" => await CrashOnStartBench.RunAsync(context, cancel.Token),
        "frontdoor" => await FrontDoorBench.RunAsync(context, cancel.Token),
        _ => await MemoryBench.RunAsync(context, cancel.Token),
    });
}

Console.WriteLine();
Console.WriteLine("Figures (Markdown):");
Console.WriteLine();
Console.WriteLine(Table.Figures(figures));
return figures.All(f => f.Met != false) ? 0 : 1;
