using System.Diagnostics;
using Slipway.Core.Judge;

namespace Slipway.Judge.Bench;

/// <summary>
/// The cohort table (<c>--cohort</c>): a guarded flag step on a fleet, judged three ways in the same seeded runs. The
/// cohort judge compares the flag-on with the flag-off cohort; the same sequential judge on whole-instance streams sees
/// one instance whose traffic mixes both cohorts against one without the flag (what a deploy judge could see); a
/// fixed-horizon z-test on the cohorts' error ratio stands in for the classical approach, read once and read every second.
/// </summary>
internal static class CohortBench
{
    public static void Run(int runs, int seed, int rps, int threads, int instances, double share, int minStep, int horizon)
    {
        var settings = new StreamSettings
        {
            RequestsPerSecond = rps,
            HorizonSeconds = 300,
            Buckets = [.. CohortCounts.BoundsMs.Select(b => b / 1000)],
        };
        var judges = new (IStreamJudge Judge, bool WholeInstance)[]
        {
            (new SlipwayCohortJudge(TimeSpan.FromSeconds(minStep), JudgeOptions.Default), false),
            (new SlipwayJudge(TimeSpan.FromSeconds(minStep), JudgeOptions.Default), true),
            (new FixedHorizonJudge(horizon, 0.05, peek: false), false),
            (new FixedHorizonJudge(horizon, 0.05, peek: true), false),
        };
        Scenario[] scenarios =
        [
            new("errors 0.1% -> 5% in the flag-on cohort", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.05, CanaryLatencyFactor: 1.0, IsRegression: true),
            new("A/A (0.1% errors in both cohorts, same latency)", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.001, CanaryLatencyFactor: 1.0, IsRegression: false),
            new("errors 0.1% -> 2% in the flag-on cohort", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.02, CanaryLatencyFactor: 1.0, IsRegression: true),
            new("latency x1.5 in the flag-on cohort", BaselineErrorRatio: 0.001, CanaryErrorRatio: 0.001, CanaryLatencyFactor: 1.5, IsRegression: true),
        ];

        var cohortRps = rps * share * instances;
        Console.WriteLine($"Slipway cohort judge simulation: {runs} runs per scenario, seed {seed}, {instances} instances x {rps} requests/s, {share * 100:0.#}% of requests in the flag-on cohort ({cohortRps:0.#}/s flag-on, {rps * (1 - share) * instances:0.#}/s flag-off), one look per second");
        Console.WriteLine($"Latency log-normal: median {settings.MedianLatency * 1000:0} ms, sigma {settings.LatencySigma}; SDK duration buckets ({settings.Buckets.Count} bounds, 1 ms to 10 s)");
        Console.WriteLine($"Slipway: min step {minStep} s + up to {JudgeOptions.Default.MaxBakeExtension.TotalSeconds:0} s extension, alpha {JudgeOptions.Default.Alpha}; whole-instance: 1 instance with the flag vs 1 without, the same judge with the front-door checks, bake {minStep} s");
        Console.WriteLine($"Fixed horizon: {horizon} s, one-sided exact conditional test at alpha 0.05, error ratio only; runs end at {settings.HorizonSeconds} s");
        Console.WriteLine();

        var clock = Stopwatch.StartNew();
        var results = new Dictionary<Scenario, JudgeResults[]>();
        for (var s = 0; s < scenarios.Length; s++)
        {
            var scenario = scenarios[s];
            var outcomes = judges.Select(_ => new Outcome?[runs]).ToArray();
            Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = threads }, run =>
            {
                var simulator = new CohortSimulator(settings, scenario, instances, share, Seeds.Run(seed, 100 + s, run));
                var active = judges.Select(j => j.Judge.Start(settings)).ToArray();
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

                        var (subject, reference) = judges[j].WholeInstance
                            ? (simulator.InstanceWithFlag, simulator.InstanceWithout)
                            : (simulator.FlagOn, simulator.FlagOff);
                        if (active[j].Observe(second, subject, reference) is { } outcome)
                        {
                            outcomes[j][run] = outcome;
                            open--;
                        }
                    }
                }
            });
            results[scenario] = judges.Select((j, i) => new JudgeResults(j.Judge.Name, outcomes[i])).ToArray();
        }

        foreach (var scenario in scenarios)
        {
            ScenarioTable.Print(scenario, results[scenario], settings.HorizonSeconds);
        }

        var errors = results[scenarios[0]][0];
        var aa = results[scenarios[1]][0];
        Console.WriteLine("## Targets for the cohort judge");
        Console.WriteLine($"- 0.1% -> 5% errors in the cohort detected in >= 99% of runs: {errors.RollbackRate * 100:0.0}% {(errors.RollbackRate >= 0.99 ? "met" : "MISSED")}");
        Console.WriteLine($"- median time to rollback under 30 s: {errors.Times(true).Median:0.#} s {(errors.Times(true).Median < 30 ? "met" : "MISSED")}");
        Console.WriteLine($"- A/A false rollbacks under 1% over {runs} runs: {aa.RollbackRate * 100:0.00}% {(aa.RollbackRate < 0.01 ? "met" : "MISSED")}");
        Console.WriteLine();
        Console.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} logical cores, {threads} worker threads");
    }
}
