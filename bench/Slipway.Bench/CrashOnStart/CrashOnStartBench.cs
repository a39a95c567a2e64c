using Slipway.Agent.Protocol;
using Slipway.Bench.Reporting;
using Slipway.Bench.Setup;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;
using Slipway.Server.Rollouts;

namespace Slipway.Bench.CrashOnStart;

/// <summary>
/// `crash-on-start`: v1 (the sample) runs; then, repeatedly, a commit whose instance throws on start (the sample told to
/// listen on a port in use: an unhandled exception, exit code 134) is pushed, with a 60 s self-test timeout.
/// Measured: from the last restart (the agent reports the instance starting after its last backoff), and from its last
/// exit, to the self-test failure being journaled. Target: reported within 5 s of the last restart.
/// </summary>
internal static class CrashOnStartBench
{
    private const string Service = "hello";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchContext context, CancellationToken ct)
    {
        var runs = context.Arguments.Int("--runs", 5);
        Console.WriteLine($"== crash-on-start: an instance that throws on start, self-test timeout 60 s, {runs} runs");
        using var temp = TempFolder.Create("crash-on-start", context.Keep);
        var repo = await BenchRepository.CreateAsync(temp.Sub("repo"), ct);
        var good = new BenchConfig { Published = context.Published, Instances = 1, Waves = "[1]", Bake = "1s" };
        await using var bench = await BenchServer.StartAsync(temp.Sub("server"), ct);
        var v1 = await repo.CommitAsync(good, "v1: good", ct);
        await bench.RegisterAsync(Service, repo.Path, ct);
        if ((await bench.WaitForOutcomeAsync(v1, Timeout, ct)).Outcome != RolloutOutcome.Promoted)
        {
            throw new InvalidOperationException("v1 was not promoted; the bench setup is broken.");
        }

        // The server's own API port is taken: Kestrel throws "address already in use", unhandled, and the process aborts.
        var bad = good with { Run = $"dotnet Hello.dll --urls http://127.0.0.1:{bench.Server.Address.Port}" };
        var fromRestart = new List<double>();
        var fromExit = new List<double>();
        var total = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var commit = await repo.CommitAsync(bad, $"bad {run}: throws on start", ct);
            await bench.PushAsync(Service, ct);
            var (outcome, rolloutId) = await bench.WaitForOutcomeAsync(commit, Timeout, ct);
            var failed = bench.Events.First<SelfTestFailed>(e => e.RolloutId == rolloutId);
            if (outcome != RolloutOutcome.RolledBack || failed.Event.Output is null)
            {
                throw new InvalidOperationException($"run {run}: {outcome}, reason '{failed.Event.Reason}', output {(failed.Event.Output is null ? "missing" : "present")}");
            }

            var id = failed.Event.InstanceId;
            var firstStart = bench.Instances.FirstSeen(id, InstanceStates.Starting, 0);
            var lastStart = bench.Instances.FirstSeen(id, InstanceStates.Starting, SelfTester.CrashLimit - 1);
            var lastExit = bench.Instances.FirstSeen(id, InstanceStates.Backoff, SelfTester.CrashLimit);
            double Since(DateTimeOffset? at) => at is { } t ? (failed.At - t).TotalSeconds : double.NaN;
            fromRestart.Add(Since(lastStart));
            fromExit.Add(Since(lastExit));
            total.Add(Since(firstStart));
            Console.WriteLine($"run {run}: self-test failed {Since(lastStart):0.000} s after the last restart, {Since(lastExit) * 1000:0} ms after the last exit, {Since(firstStart):0.00} s after the first start: {failed.Event.Reason}");
        }

        Console.WriteLine();
        Console.WriteLine("last output in the evidence of the last run:");
        Console.WriteLine(bench.Events.Last<SelfTestFailed>().Event.Output);
        return
        [
            new Figure("crash-on-start", "self-test failure journaled after the last restart (median)", "< 5 s", Stats.Seconds(Stats.Median(fromRestart)), Stats.Median(fromRestart) < 5),
            new Figure("crash-on-start", "the same (max)", "< 5 s", Stats.Seconds(fromRestart.Max()), fromRestart.Max() < 5),
            new Figure("crash-on-start", "after the last exit (median / max)", "report", $"{Stats.Millis(Stats.Median(fromExit))} / {Stats.Millis(fromExit.Max())}", null),
            new Figure("crash-on-start", "after the first start, of a 60 s timeout (median / max)", "report", $"{Stats.Seconds(Stats.Median(total))} / {Stats.Seconds(total.Max())}", null),
        ];
    }
}
