using System.Diagnostics;
using System.Globalization;
using Slipway.Core.Testing;
using Slipway.Server.Testing;
using Slipway.TestStage.Bench;

// dotnet run -c Release --project bench/Slipway.TestStage.Bench -- [overhead] [sharding] [bisection] [--rounds N]
// overhead and sharding need test/fixtures/CpuBound built first:
//   dotnet build test/fixtures/CpuBound -c Release
var which = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToHashSet();
var roundsIndex = Array.IndexOf(args, "--rounds");
var rounds = roundsIndex >= 0 ? int.Parse(args[roundsIndex + 1], CultureInfo.InvariantCulture) : 3;
bool Wants(string name) => which.Count == 0 || which.Contains(name);

var repo = Repository.Root();
var project = Path.Combine(repo, "test", "fixtures", "CpuBound", "Slipway.Fixtures.CpuBound.csproj");
var executable = Path.Combine(repo, "test", "fixtures", "CpuBound", "bin", "Release", "net10.0", "Slipway.Fixtures.CpuBound");

if (Wants("bisection"))
{
    Console.WriteLine("## Bisection: test runs to find one planted polluter (simulated oracle)");
    Console.WriteLine("| n | positions tried | mean runs | max runs | bound 2·log2(n)+2 |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var n in new[] { 64, 512, 4096 })
    {
        var positions = new List<int> { 0, n / 2, n - 1 };
        var random = new SeededRandom(2024);
        positions.AddRange(Enumerable.Range(0, 97).Select(_ => random.NextBelow(n)));
        var runs = new List<int>();
        foreach (var polluter in positions)
        {
            var result = await DeltaDebugger.MinimizeAsync<int>(
                Enumerable.Range(0, n).ToList(), (subset, _) => Task.FromResult(subset.Contains(polluter)), CancellationToken.None);
            if (result.Minimal.Count != 1 || result.Minimal[0] != polluter)
            {
                throw new InvalidOperationException($"wrong polluter for n={n}");
            }

            runs.Add(result.Runs);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {n} | {positions.Count} | {runs.Average():0.0} | {runs.Max()} | {2 * Math.Log2(n) + 2:0} |"));
    }

    Console.WriteLine();
}

if (Wants("overhead") || Wants("sharding"))
{
    if (!File.Exists(executable))
    {
        Console.Error.WriteLine($"Build the suite first: dotnet build {project} -c Release");
        return 1;
    }
}

var stage = new TestStage(TimeProvider.System);
async Task<TimeSpan> StageAsync(int shards)
{
    var started = Stopwatch.GetTimestamp();
    var result = await stage.RunAsync(new TestStageRequest
    {
        WorkspaceDirectory = Path.Combine(Path.GetTempPath(), "slipway-bench"),
        Projects = [executable],
        Seed = 1234,
        Shards = shards,
    }, null, CancellationToken.None);
    var elapsed = Stopwatch.GetElapsedTime(started);
    if (result.Outcome != TestStageOutcome.Passed || result.Tests.Count < 200)
    {
        throw new InvalidOperationException($"bench suite did not pass: {result.Summary}");
    }

    return elapsed;
}

if (Wants("overhead"))
{
    Console.WriteLine("## Overhead: the stage vs plain `dotnet test` of the same all-passing project (240 tests)");
    var plain = new List<TimeSpan>();
    var direct = new List<TimeSpan>();
    var stageDefault = new List<TimeSpan>();
    var stageOne = new List<TimeSpan>();
    for (var i = 0; i < rounds; i++)
    {
        // Interleaved, so load changes on this shared machine hit all variants alike.
        plain.Add(await Timed.RunAsync("dotnet", ["test", "--project", project, "-c", "Release", "--no-build"], repo));
        stageDefault.Add(await StageAsync(Environment.ProcessorCount));
        direct.Add(await Timed.RunAsync(executable, ["-noColor", "-parallelMode", "none"], repo));
        stageOne.Add(await StageAsync(1));
    }

    Console.WriteLine("| variant | median s | runs (s) |");
    Console.WriteLine("|---|---|---|");
    Timed.Row("plain `dotnet test --no-build` (xUnit parallel collections)", plain);
    Timed.Row($"stage, seeded, {Environment.ProcessorCount} shards (default)", stageDefault);
    Timed.Row("test executable, one process, `-parallelMode none`", direct);
    Timed.Row("stage, seeded, 1 shard (same sequential work + bookkeeping)", stageOne);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"\nratio stage(default shards) / dotnet test = {Timed.Median(stageDefault) / Timed.Median(plain):0.000}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ratio stage(1 shard) / executable(-parallelMode none) = {Timed.Median(stageOne) / Timed.Median(direct):0.000}\n"));
}

if (Wants("sharding"))
{
    Console.WriteLine("## Sharding: the same 240-test CPU-bound suite, 1 process vs 2");
    var one = new List<TimeSpan>();
    var two = new List<TimeSpan>();
    for (var i = 0; i < rounds; i++)
    {
        one.Add(await StageAsync(1));
        two.Add(await StageAsync(2));
    }

    Console.WriteLine("| shards | median s | runs (s) |");
    Console.WriteLine("|---|---|---|");
    Timed.Row("1", one);
    Timed.Row("2", two);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nspeed-up K=2 vs K=1 = {Timed.Median(one) / Timed.Median(two):0.00}x"));
}

return 0;
