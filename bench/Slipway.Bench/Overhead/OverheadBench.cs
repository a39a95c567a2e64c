using Slipway.Bench.Reporting;
using Slipway.Bench.Setup;
using Slipway.Core.Rollouts;

namespace Slipway.Bench.Overhead;

/// <summary>
/// `overhead`: commit → production of the sample on 7 instances in waves 1, 2, 4, repeated. Each run commits a new
/// version, pushes it, and waits for promotion; the first deploy (onto no instances) is a warm-up and not counted.
/// </summary>
internal static class OverheadBench
{
    private const string Service = "hello";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchContext context, CancellationToken ct)
    {
        var runs = context.Arguments.Int("--runs", 5);
        var bake = context.Arguments.Double("--bake", 1);
        Console.WriteLine($"== overhead: commit → production, 7 instances, waves 1,2,4, bake {bake:0.###} s, {runs} runs");
        using var temp = TempFolder.Create("overhead", context.Keep);
        var repo = await BenchRepository.CreateAsync(temp.Sub("repo"), ct);
        var config = new BenchConfig { Published = context.Published, Instances = 7, Waves = "[1, 2, 4]", Bake = $"{bake}s" };
        await using var bench = await BenchServer.StartAsync(temp.Sub("server"), ct);

        var v0 = await repo.CommitAsync(config, "v0: first deploy", ct);
        var warmup = bench.Now;
        await bench.RegisterAsync(Service, repo.Path, ct);
        var first = await bench.WaitForOutcomeAsync(v0, Timeout, ct);
        Expect(first.Outcome, "v0");
        await bench.WarmUpPushAsync(Service, ct);
        Console.WriteLine($"warm-up: first deploy (7 new instances, nothing to replace) {first.Outcome} in {(bench.Now - warmup).TotalSeconds:0.00} s; not counted");

        var results = new List<OverheadBreakdown>();
        var writes = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var commit = await repo.CommitAsync(config, $"v{run}: bench commit", ct);
            var t0 = bench.Now;
            await bench.PushAsync(Service, ct);
            var (outcome, rolloutId) = await bench.WaitForOutcomeAsync(commit, Timeout, ct);
            Expect(outcome, $"v{run}");
            var breakdown = OverheadBreakdown.From(bench, t0, commit, rolloutId, bake);
            results.Add(breakdown);
            writes.AddRange(bench.Events.WritesBetween(t0, bench.Now));
            Console.WriteLine($"run {run}: wall {breakdown.Wall:0.000} s, overhead {breakdown.Overhead:0.000} s (start-up {breakdown.Sum(StageKind.StartUp):0.000} s, self-test answers {breakdown.Sum(StageKind.SelfTestAnswer):0.000} s, bake {breakdown.Sum(StageKind.Bake):0.000} s, build+test {breakdown.Sum(StageKind.BuildOrTest):0.000} s)");
        }

        Console.WriteLine();
        Console.WriteLine($"Per stage over {runs} runs (stages add up to the wall time; \"counted\" = part of the system overhead):");
        var names = results[0].Stages.Select(s => s.Name).ToList();
        var rows = names.Select(name =>
        {
            var values = results.Select(r => r.Stages.Where(s => s.Name == name).Sum(s => s.Seconds)).ToList();
            var kind = results[0].Stages.First(s => s.Name == name).Kind;
            var counted = kind switch
            {
                StageKind.Slipway => "yes",
                StageKind.Bake => $"beyond {bake:0.###} s",
                StageKind.SelfTestAnswer => "no (see note)",
                _ => "no",
            };
            return (IReadOnlyList<string>)[name, Stats.Seconds(Stats.Median(values)), Stats.Seconds(values.Max()), counted];
        }).ToList();
        var walls = results.Select(r => r.Wall).ToList();
        var overheads = results.Select(r => r.Overhead).ToList();
        var literal = results.Select(r => r.LiteralOverhead).ToList();
        rows.Add(["**wall time (push → promoted)**", Stats.Seconds(Stats.Median(walls)), Stats.Seconds(walls.Max()), ""]);
        rows.Add(["**system overhead** (wall − build − test − bake − start-up − self-test answers)", Stats.Seconds(Stats.Median(overheads)), Stats.Seconds(overheads.Max()), ""]);
        rows.Add(["system overhead, counting the instances' self-test answers", Stats.Seconds(Stats.Median(literal)), Stats.Seconds(literal.Max()), ""]);
        Console.WriteLine(Table.Render(["Stage", "Median", "Max", "Counted"], rows));
        Console.WriteLine($"Journal appends (SQLite, WAL, synchronous=FULL): {writes.Count / runs} per commit, each median {Stats.Millis(Stats.Median(writes))}, p99 {Stats.Millis(Stats.Percentile(writes, 99))}, max {Stats.Millis(writes.DefaultIfEmpty(double.NaN).Max())}; {Stats.Seconds(writes.Sum() / runs)} per commit in all, spread over the stages above.");

        return
        [
            new Figure("overhead", "system overhead, commit → production, 7 instances (median)", "< 2 s", Stats.Seconds(Stats.Median(overheads)), Stats.Median(overheads) < 2),
            new Figure("overhead", "system overhead (max)", "< 2 s", Stats.Seconds(overheads.Max()), overheads.Max() < 2),
            new Figure("overhead", "same, counting the instances' self-test answers as overhead (median)", "< 2 s", Stats.Seconds(Stats.Median(literal)), Stats.Median(literal) < 2),
            new Figure("overhead", $"wall time push → promoted (median, {3}× {bake:0.###} s bake)", "–", Stats.Seconds(Stats.Median(walls)), null),
        ];
    }

    private static void Expect(RolloutOutcome outcome, string label)
    {
        if (outcome != RolloutOutcome.Promoted)
        {
            throw new InvalidOperationException($"{label} was {outcome}, not promoted; the bench setup is broken.");
        }
    }
}
