using Slipway.Agent.Protocol;
using Slipway.Bench.Reporting;
using Slipway.Bench.Setup;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;

namespace Slipway.Bench.Rollback;

/// <summary>
/// `rollback`: v1 runs on 7 instances; then, repeatedly, a commit whose self-test fails is pushed. Measured from the
/// moment the failing self-test answer is journaled until the front door routes only to v1 and the new instances are removed.
/// Two scenarios: the self-test fails in wave 1 (as in the demo), and in wave 2, after wave 1 took traffic and retired
/// one v1 instance, so that the rollback must also start a replacement v1 instance.
/// </summary>
internal static class RollbackBench
{
    private const string Service = "hello";
    private const int Instances = 7;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchContext context, CancellationToken ct)
    {
        var runs = context.Arguments.Int("--runs", 5);
        Console.WriteLine($"== rollback: failing self-test → front door on the old version only and new instances removed, 7 instances, {runs} runs per scenario");
        using var temp = TempFolder.Create("rollback", context.Keep);
        var repo = await BenchRepository.CreateAsync(temp.Sub("repo"), ct);
        var good = new BenchConfig { Published = context.Published, Instances = Instances, Waves = "[1, 2, 4]", Bake = "1s" };
        await using var bench = await BenchServer.StartAsync(temp.Sub("server"), ct);

        var v1 = await repo.CommitAsync(good, "v1: good", ct);
        await bench.RegisterAsync(Service, repo.Path, ct);
        var first = await bench.WaitForOutcomeAsync(v1, Timeout, ct);
        if (first.Outcome != RolloutOutcome.Promoted)
        {
            throw new InvalidOperationException($"v1 was {first.Outcome}; the bench setup is broken.");
        }

        Console.WriteLine($"v1 {v1[..7]} promoted on {Instances} instances");
        var figures = new List<Figure>();
        (string Name, BenchConfig Bad)[] scenarios =
        [
            ("self-test fails in wave 1", good with { Env = new Dictionary<string, string> { ["Greeting__Text"] = "" } }),
            ("self-test fails in wave 2", good with { RunScript = true }),
        ];
        foreach (var (name, bad) in scenarios)
        {
            var results = new List<RollbackTimings>();
            for (var run = 1; run <= runs; run++)
            {
                var commit = await repo.CommitAsync(bad, $"bad {run}: {name}", ct);
                RollbackTimings timings;
                using (var observer = new RollbackObserver(bench, Service, v1, commit))
                {
                    await bench.PushAsync(Service, ct);
                    var (outcome, rolloutId) = await bench.WaitForOutcomeAsync(commit, Timeout, ct);
                    if (outcome != RolloutOutcome.RolledBack)
                    {
                        throw new InvalidOperationException($"{name}: the bad commit was {outcome}, not rolled back.");
                    }

                    var deadline = bench.Now + TimeSpan.FromSeconds(20);
                    while (observer.NewProcessesExited is null && bench.Now < deadline)
                    {
                        await Task.Delay(50, ct);
                    }

                    timings = Measure(bench, observer, rolloutId);
                }

                results.Add(timings);
                Console.WriteLine($"{name}, run {run}: {timings.Headline * 1000:0} ms (rollback started {timings.ToRollbackStarted * 1000:0} ms, only old routed {timings.ToOnlyOldRouted * 1000:0} ms, new removed {timings.ToNewRemoved * 1000:0} ms, full capacity {timings.ToFullCapacity * 1000:0} ms, new processes exited {timings.ToProcessesExited * 1000:0} ms)");
            }

            Console.WriteLine();
            Console.WriteLine($"{name}, {runs} runs, from the failing self-test answer (journaled) to:");
            Console.WriteLine(Table.Render(["Moment", "Median", "Max"],
            [
                Row("rollback started (journaled)", results.Select(r => r.ToRollbackStarted)),
                Row("front door routes only the old version", results.Select(r => r.ToOnlyOldRouted)),
                Row("new instances removed (journaled)", results.Select(r => r.ToNewRemoved)),
                Row("**only old routed and new removed**", results.Select(r => r.Headline)),
                Row($"old version on {Instances} routed instances again", results.Select(r => r.ToFullCapacity)),
                Row("new instances' processes exited", results.Select(r => r.ToProcessesExited)),
                Row("of which replacement start-up (app)", results.Select(r => r.ReplacementStartUp)),
            ]));

            var headline = results.Select(r => r.Headline).ToList();
            figures.Add(new Figure("rollback", $"{name}: only old routed + new removed (median)", "< 1 s", Stats.Millis(Stats.Median(headline)), Stats.Median(headline) < 1));
            figures.Add(new Figure("rollback", $"{name}: same (max)", "< 1 s", Stats.Millis(headline.Max()), headline.Max() < 1));
        }

        return figures;
    }

    private static RollbackTimings Measure(BenchServer bench, RollbackObserver observer, string rolloutId)
    {
        var fail = bench.Events.First<SelfTestFailed>(e => e.RolloutId == rolloutId).At;
        var started = bench.Events.First<RollbackStarted>(e => e.RolloutId == rolloutId);
        // "New removed" is the moment the journal takes every new instance out of the fleet (the agent then stops them).
        var newIds = bench.Events.All<WaveStarted>(e => e.RolloutId == rolloutId).SelectMany(w => w.Event.InstanceIds).ToHashSet(StringComparer.Ordinal);
        var removed = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? allRemoved = null;
        foreach (var (at, e) in bench.Events.All<InstancesRemoved>(e => e.Service == Service))
        {
            removed.UnionWith(e.InstanceIds);
            if (at >= fail && newIds.IsSubsetOf(removed))
            {
                allRemoved = at;
                break;
            }
        }
        double Since(DateTimeOffset? at) => at is { } t ? Math.Max(0, (t - fail).TotalSeconds) : double.NaN;
        var startUp = started.Event.ReplacementInstanceIds
            .Select(id => (bench.Instances.FirstSeen(id, InstanceStates.Listening) - bench.Instances.FirstSeen(id, InstanceStates.Starting))?.TotalSeconds ?? double.NaN)
            .DefaultIfEmpty(0)
            .Max();
        return new RollbackTimings(
            Since(started.At),
            Since(observer.OnlyOldSince),
            Since(allRemoved),
            Since(observer.FullOldSince(Instances)),
            Since(observer.NewProcessesExited),
            startUp);
    }

    private static IReadOnlyList<string> Row(string name, IEnumerable<double> values)
    {
        var list = values.ToList();
        return [name, Stats.Millis(Stats.Median(list)), Stats.Millis(list.Max())];
    }
}
