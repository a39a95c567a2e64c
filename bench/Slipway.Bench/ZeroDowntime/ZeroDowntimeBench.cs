using System.Diagnostics;
using Slipway.Bench.Reporting;
using Slipway.Bench.Setup;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;

namespace Slipway.Bench.ZeroDowntime;

/// <summary>
/// `zero-downtime`: v1 on 50 instances of the sample; open-loop load through the front door at a constant rate;
/// v2 rolled out in exponential waves under that load. Every request must succeed. Bounded: the load stops by itself,
/// and each rollout has a deadline.
/// </summary>
internal static class ZeroDowntimeBench
{
    private const string Service = "hello";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchContext context, CancellationToken ct)
    {
        var instances = context.Arguments.Int("--instances", 50);
        var rate = context.Arguments.Double("--rate", 200);
        var timeout = TimeSpan.FromSeconds(context.Arguments.Int("--timeout", 900));
        Console.WriteLine($"== zero-downtime: {instances} instances, open-loop load {rate:0} requests/s through the front door, v1 → v2 in exponential waves, bake 1 s");
        using var temp = TempFolder.Create("zero", context.Keep);
        var repo = await BenchRepository.CreateAsync(temp.Sub("repo"), ct);
        var config = new BenchConfig { Published = context.Published, Instances = instances, Waves = "exponential", Bake = "1s", SelfTestTimeout = "180s" };
        await using var bench = await BenchServer.StartAsync(temp.Sub("server"), ct);

        // v1 goes out without bake: it only sets the stage.
        var clock = Stopwatch.StartNew();
        var v1 = await repo.CommitAsync(config with { Bake = "0s" }, "v1", ct);
        await bench.RegisterAsync(Service, repo.Path, ct);
        var first = await bench.WaitForOutcomeAsync(v1, timeout, ct);
        if (first.Outcome != RolloutOutcome.Promoted)
        {
            throw new InvalidOperationException($"v1 was {first.Outcome}; the bench setup is broken.");
        }

        Console.WriteLine($"v1 {v1[..7]} promoted on {instances} instances in {clock.Elapsed.TotalSeconds:0.0} s (set-up, not measured)");
        var door = new Uri($"http://127.0.0.1:{bench.Server.FrontDoors.PortOf(Service)}/");

        using var load = new LoadGenerator(door, rate, timeout + TimeSpan.FromMinutes(1));
        load.Start();
        await Task.Delay(Settle, ct);
        var v2 = await repo.CommitAsync(config, "v2", ct);
        var pushedAt = load.Elapsed;
        var t0 = bench.Now;
        await bench.PushAsync(Service, ct);
        Console.WriteLine($"v2 {v2[..7]} pushed at t = {pushedAt:0.0} s of load");
        RolloutOutcome outcome;
        string rolloutId;
        try
        {
            (outcome, rolloutId) = await bench.WaitForOutcomeAsync(v2, timeout, ct);
        }
        finally
        {
            await Task.Delay(Settle, CancellationToken.None);
        }

        var promotedAt = pushedAt + (bench.Events.Last<RolloutPromoted>().At - t0).TotalSeconds;
        var samples = await load.StopAsync();
        var started = bench.Events.First<RolloutStarted>(e => e.RolloutId == rolloutId);
        var finished = bench.Events.Last<SlipwayEvent>(e => e is RolloutPromoted or RolloutRolledBack);
        var rolloutSeconds = (finished.At - started.At).TotalSeconds;
        var commitToPromoted = (finished.At - t0).TotalSeconds;
        var production = bench.Journal.Read(s => s.Fleet.ForService(Service).Count(i => i.Version == v2));

        var failed = samples.Where(s => !s.Ok).ToList();
        var during = samples.Where(s => s.DueAt >= pushedAt && s.DueAt <= promotedAt).ToList();
        var latencies = samples.Where(s => s.Ok).Select(s => s.Latency).ToList();
        var duringLatencies = during.Where(s => s.Ok).Select(s => s.Latency).ToList();
        var duration = samples.Count == 0 ? 0 : samples[^1].DueAt - samples[0].DueAt;

        Console.WriteLine($"outcome {outcome}; {production} instance(s) on v2; rollout {rolloutSeconds:0.0} s, push → promoted {commitToPromoted:0.0} s");
        Console.WriteLine($"requests {samples.Count} in {duration:0.0} s ({samples.Count / Math.Max(duration, 1e-9):0} /s), {during.Count} during the rollout, failed {failed.Count}");
        foreach (var (version, count) in samples.GroupBy(s => s.Version ?? "(none)").Select(g => (g.Key, g.Count())))
        {
            Console.WriteLine($"  answered by {version}: {count}");
        }

        foreach (var group in failed.GroupBy(f => $"{f.Status} {f.Error}").Take(10))
        {
            Console.WriteLine($"  failure ×{group.Count()} (first at t = {group.First().DueAt:0.00} s): {group.Key}");
        }

        Console.WriteLine();
        Console.WriteLine(Table.Render(["Figure", "Whole load", "During the rollout"],
        [
            ["requests", samples.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), during.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["failed", failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), during.Count(s => !s.Ok).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["latency p50", Stats.Millis(Stats.Percentile(latencies, 50)), Stats.Millis(Stats.Percentile(duringLatencies, 50))],
            ["latency p99", Stats.Millis(Stats.Percentile(latencies, 99)), Stats.Millis(Stats.Percentile(duringLatencies, 99))],
            ["latency max", Stats.Millis(latencies.DefaultIfEmpty(double.NaN).Max()), Stats.Millis(duringLatencies.DefaultIfEmpty(double.NaN).Max())],
        ]));

        return
        [
            new Figure("zero-downtime", $"failed requests ({samples.Count} at {rate:0}/s, {instances} instances)", "0", failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Count == 0 && outcome == RolloutOutcome.Promoted),
            new Figure("zero-downtime", "latency p50 / p99 during the rollout", "report", $"{Stats.Millis(Stats.Percentile(duringLatencies, 50))} / {Stats.Millis(Stats.Percentile(duringLatencies, 99))}", null),
            new Figure("zero-downtime", "rollout duration (started → promoted)", "report", Stats.Seconds(rolloutSeconds), null),
        ];
    }
}
