using System.Diagnostics;
using System.Globalization;
using Slipway.Core.Judge;
using Slipway.Judge.Bench;

// Simulation benchmark: our sequential judge against a Kayenta-style and a Flagger-style judge,
// all fed the same seeded streams. Usage:
//   dotnet run -c Release --project bench/Slipway.Judge.Bench -- [--runs 2000] [--seed 42] [--rps 50] [--threads 2]
//     [--bake 60] [--buckets prometheus|frontdoor] [--median-ms 50] [--sigma 0.5] [--only-slipway]
// The cohort table (guarded flag steps):
//   dotnet run -c Release --project bench/Slipway.Judge.Bench -- --cohort [--runs 1000] [--instances 4] [--share 0.1]
//     [--min-step 30] [--horizon 60]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var runs = Argument(args, "--runs", 2000);
var seed = Argument(args, "--seed", 42);
var rps = Argument(args, "--rps", 50);
var threads = Argument(args, "--threads", 2);
if (args.Contains("--cohort"))
{
    CohortBench.Run(
        runs,
        seed,
        rps,
        threads,
        instances: Argument(args, "--instances", 4),
        share: ArgumentNumber(args, "--share", 0.1),
        minStep: Argument(args, "--min-step", 30),
        horizon: Argument(args, "--horizon", 60));
    return;
}

var bake = Argument(args, "--bake", 60);
var bucketsName = ArgumentText(args, "--buckets", "prometheus");
var buckets = bucketsName switch
{
    "prometheus" => StreamSettings.PrometheusBuckets,
    "frontdoor" => StreamSettings.FrontDoorBuckets,
    _ => throw new ArgumentException($"--buckets must be prometheus or frontdoor, not '{bucketsName}'"),
};
var settings = new StreamSettings
{
    RequestsPerSecond = rps,
    HorizonSeconds = 600,
    Buckets = buckets,
    MedianLatency = ArgumentNumber(args, "--median-ms", 50) / 1000,
    LatencySigma = ArgumentNumber(args, "--sigma", 0.5),
};
var flaggerMaxLatency = 1.2 * settings.TrueP99;
IStreamJudge[] allJudges =
[
    new SlipwayJudge(TimeSpan.FromSeconds(bake), JudgeOptions.Default),
    new KayentaJudge("Kayenta-style (60 s window, 5 s steps)", windowSeconds: 60, stepSeconds: 5, allowedChange: 1.2),
    new FlaggerJudge("Flagger-style (10 s × threshold 2, 5 steps)", intervalSeconds: 10, threshold: 2, steps: 5, maxLatency: flaggerMaxLatency),
    new FlaggerJudge("Flagger-style docs (1 m × threshold 5, 5 steps)", intervalSeconds: 60, threshold: 5, steps: 5, maxLatency: flaggerMaxLatency),
];
IStreamJudge[] judges = args.Contains("--only-slipway") ? allJudges[..1] : allJudges;
Scenario[] scenarios =
[
    new("errors 0.1% -> 5%", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.05, CanaryLatencyFactor: 1.0, IsRegression: true),
    new("latency x1.5 (p99 +50%)", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.001, CanaryLatencyFactor: 1.5, IsRegression: true),
    new("A/A (0.1% errors, same latency)", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.001, CanaryLatencyFactor: 1.0, IsRegression: false),
    new("errors 0.1% -> 2% (smaller step)", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.02, CanaryLatencyFactor: 1.0, IsRegression: true),
    new("A/A at 2% errors", BaselineErrorRatio: 0.02, CanaryErrorRatio: 0.02, CanaryLatencyFactor: 1.0, IsRegression: false),
    new("latency x1.3 (p99 +30%, near the 20% limit)", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.001, CanaryLatencyFactor: 1.3, IsRegression: true),
];

Console.WriteLine($"Slipway judge simulation: {runs} runs per scenario, seed {seed}, {rps} requests/s per instance, 1 canary vs 1 baseline instance, one scrape per second");
Console.WriteLine($"Latency log-normal: median {settings.MedianLatency * 1000:0} ms, sigma {settings.LatencySigma}, true p99 {settings.TrueP99 * 1000:0} ms; Flagger p99 limit {flaggerMaxLatency * 1000:0} ms; Slipway bake {bake} s + up to 120 s extension");
Console.WriteLine($"Histogram buckets: {bucketsName} ({settings.Buckets.Count} finite bounds)");
Console.WriteLine();

var clock = Stopwatch.StartNew();
var results = new Dictionary<Scenario, JudgeResults[]>();
for (var s = 0; s < scenarios.Length; s++)
{
    var scenario = scenarios[s];
    var outcomes = judges.Select(_ => new Outcome?[runs]).ToArray();
    Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = threads }, run =>
    {
        var simulator = new StreamSimulator(settings, scenario, Seeds.Run(seed, s, run));
        var active = judges.Select(j => j.Start(settings)).ToArray();
        var open = active.Length;
        for (var second = 1; second <= settings.HorizonSeconds && open > 0; second++)
        {
            simulator.AdvanceOneSecond();
            for (var j = 0; j < active.Length; j++)
            {
                if (outcomes[j][run] is not null)
                {
                    continue;
                }

                if (active[j].Observe(second, simulator.Canary, simulator.Baseline) is { } outcome)
                {
                    outcomes[j][run] = outcome;
                    open--;
                }
            }
        }
    });
    results[scenario] = judges.Select((j, i) => new JudgeResults(j.Name, outcomes[i])).ToArray();
}

foreach (var scenario in scenarios)
{
    ScenarioTable.Print(scenario, results[scenario], settings.HorizonSeconds);
}

Console.WriteLine("## Ratios: how much faster Slipway decides (their median time / ours: time to roll back on regressions, time to promote on A/A)");
Console.WriteLine();
Console.WriteLine("| against | " + string.Join(" | ", scenarios.Select(s => s.Name)) + " | A/A false rollbacks: theirs vs ours |");
Console.WriteLine("|---|" + string.Concat(scenarios.Select(_ => "---|")) + "---|");
var aa = scenarios.First(s => !s.IsRegression);
for (var j = 1; j < judges.Length; j++)
{
    var cells = scenarios.Select(s =>
    {
        var ours = results[s][0].Times(s.IsRegression).Median;
        var theirs = results[s][j].Times(s.IsRegression).Median;
        return double.IsNaN(theirs) ? (s.IsRegression ? "never rolled back" : "never promoted")
            : theirs >= ours ? $"{theirs / ours:0.0}x faster" : $"{ours / theirs:0.0}x slower";
    });
    Console.WriteLine($"| {judges[j].Name} | {string.Join(" | ", cells)} | {results[aa][j].RollbackRate * 100:0.0}% vs {results[aa][0].RollbackRate * 100:0.0}% |");
}

Console.WriteLine();
var errors = results[scenarios[0]][0];
var latency = results[scenarios[1]][0];
var falseRate = results[aa][0].RollbackRate;
Console.WriteLine("## Targets for Slipway");
Console.WriteLine($"- 0.1% -> 5% errors detected in >= 99% of runs: {errors.RollbackRate * 100:0.0}% {(errors.RollbackRate >= 0.99 ? "met" : "MISSED")}");
Console.WriteLine($"- median decision under 10 s: {errors.Times(true).Median:0.#} s {(errors.Times(true).Median < 10 ? "met" : "MISSED")}");
Console.WriteLine($"- latency regression detected: {latency.RollbackRate * 100:0.0}%, median {latency.Times(true).Median:0.#} s");
Console.WriteLine($"- A/A false rollbacks under 1% over {runs} runs: {falseRate * 100:0.00}% {(falseRate < 0.01 ? "met" : "MISSED")}");
foreach (var other in scenarios.Skip(3))
{
    var r = results[other][0];
    Console.WriteLine($"- {other.Name}: {(other.IsRegression ? "detected" : "false rollbacks")} {r.RollbackRate * 100:0.00}%, median {r.Times(other.IsRegression).Median:0.#} s");
}
Console.WriteLine();
Console.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} logical cores, {threads} worker threads");

static double ArgumentNumber(string[] args, string name, double fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string ArgumentText(string[] args, string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

static int Argument(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
