using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Demo;
using Slipway.Core.Journal;
using Slipway.Core.Testing;
using Slipway.Server.Api;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway demo tests`: the test stage in the real pipeline. An embedded server, a git repository with a small pricing
/// service whose tests hide an order dependency, and two commits: v1's seeded order runs the polluter before its victim,
/// the stage names the pair with a repro command and nothing is deployed; v2 removes the coupling and is promoted.
/// </summary>
internal static class TestsDemoCommand
{
    private const string Service = "pricing";

    public static Command Create()
    {
        var json = CliOptions.Switch("--json", "print the outcome as JSON at the end");
        var verbose = CliOptions.Switch("--verbose", "show the server's log");
        var data = CliOptions.Text("--data", "keep the demo's data in this folder (default: a temporary folder, deleted afterwards)", "DIR");
        var command = new Command("tests", "a commit whose tests depend on their order is stopped, its fix promoted") { json, verbose, data };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(data), parse.GetValue(json), parse.GetValue(verbose), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    public static async Task<int> RunAsync(string? dataOption, bool json, bool verbose, TextWriter stdout, CancellationToken ct)
    {
        var source = PricingRepository.FindSlipwaySource();
        var data = dataOption ?? Path.Combine(Path.GetTempPath(), $"slipway-demo-tests-{Guid.NewGuid():N}"[..28]);
        var output = new DemoOutput(stdout, Stopwatch.StartNew());

        output.Line($"Slipway demo: tests. Data in {data}");
        await using var host = await DemoServer.StartAsync(data, verbose, output, ct);
        var server = host.Server;
        var releases = new List<DemoRelease>();
        TestStageCompleted? coupled = null;
        var stamps = 0;
        try
        {
            server.Journal.Appended += (e, _) => Print(output, e);

            var repo = await PricingRepository.CreateAsync(source, Path.Combine(data, Service), ct);
            var v1 = await repo.CommitAsync("v1: pricing service with a legacy pricing mode", ct);
            (v1, stamps) = await PricingRepository.ExposeAsync(repo, v1, ct);
            output.Line($"commit v1 {v1[..7]}: seed {TestSeed.FromCommitSha(v1)} (from the sha) runs {Short(PricingRepository.Polluter)} before {Short(PricingRepository.Victim)} in one shard" +
                (stamps > 0 ? $" (the demo re-stamped the commit {stamps} time(s) to get such a seed; other orders hide the coupling)" : string.Empty));
            var scenario = new DemoScenario(server, repo, output);
            await scenario.RegisterAsync(Service, ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v1", v1, ct));
            coupled = LastTestRun(server, v1);

            repo.Replace(PricingRepository.TestsFile, PricingRepository.Coupled, PricingRepository.Decoupled);
            var v2 = await repo.CommitAsync("v2: the legacy pricing test puts the mode back", ct);
            output.Line($"commit v2 {v2[..7]}: LegacyPricingTests restores PricingMode.Current after each test (seed {TestSeed.FromCommitSha(v2)})");
            await scenario.PushAsync(Service, ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v2", v2, ct));
        }
        catch (TimeoutException ex)
        {
            output.Line($"demo timed out: {ex.Message}");
        }

        var production = server.Journal.Read(s => s.Services.TryGetValue(Service, out var v) ? v.ProductionVersion : null);
        var runs = releases.Select(r => LastTestRun(server, r.Version)).ToList();
        var verdict = coupled?.Triage.FirstOrDefault(t => t.Kind == "order_dependent");
        var ok = releases.Count == 2
            && releases[0] is { Outcome: "failed", Reason: "test" }
            && verdict is not null
            && verdict.Test == PricingRepository.Victim
            && verdict.Polluters.SequenceEqual([PricingRepository.Polluter])
            && releases[1].Outcome == "promoted"
            && production == releases[1].Version;

        output.Blank();
        output.Line("summary:");
        foreach (var (release, run) in releases.Zip(runs))
        {
            var tests = run is null ? "no test run" : $"seed {run.Seed}, {run.ShardCount} shards, {run.Passed}/{run.Total} passed";
            output.Line($"  {release.Label} {release.Version[..7]}  {release.Outcome}{(release.Reason is null ? string.Empty : $" at {release.Reason}")}  [{tests}]");
        }

        if (verdict is not null)
        {
            output.Line($"  order-dependent: {verdict.Test} fails when run after {string.Join(" and ", verdict.Polluters)} ({verdict.BisectionRuns} bisection runs)");
            output.Line($"  repro: {verdict.Repro}");
        }

        output.Line($"  production: {(production is null ? "none" : production[..7])}");
        output.Line(ok
            ? "  all outcomes as expected: v1 stopped at test (order-dependent, polluter named, not deployed), v2 promoted"
            : "  UNEXPECTED: expected v1 stopped at test with the polluter named, and v2 promoted");

        if (json)
        {
            await stdout.WriteLineAsync(Json(releases, runs, coupled, production, stamps, ok));
        }

        await host.DisposeAsync();
        if (dataOption is null)
        {
            TryDelete(data);
        }

        return ok ? 0 : 1;
    }

    /// <summary>The live lines: pipeline steps, shard progress with the seed, the stage's verdicts, and the rollout.</summary>
    private static void Print(DemoOutput output, SlipwayEvent e)
    {
        switch (e)
        {
            case TestProgressReported p:
                output.Line($"    shard {p.Shard}/{p.ShardCount}: {p.Passed}/{p.Total} passed{(p.Failed > 0 ? $", {p.Failed} failed" : string.Empty)} (seed {p.Seed})");
                break;
            case TestStageCompleted t:
                output.Line($"  tests: {t.Outcome}, {t.Passed}/{t.Total} passed (seed {t.Seed}, {t.ShardCount} shards)");
                foreach (var v in t.Triage)
                {
                    output.Line($"    {(v.Kind == "order_dependent" ? "order-dependent" : v.Kind)}: {v.Explanation}");
                    if (v.Repro is not null)
                    {
                        output.Line($"    repro: {v.Repro}");
                    }
                }

                break;
            case PipelineFailed f:
                output.Line($"pipeline {f.RunId} failed at {f.Step}: nothing is deployed");
                break;
            case InstancesAdded or InstancesRouted or InstancesUnrouted or InstancesRemoved or PipelineQueued:
                break;
            default:
                output.Line(Views.Describe(e));
                break;
        }
    }

    private static TestStageCompleted? LastTestRun(SlipwayServer server, string commit) =>
        server.Journal.Read(s => s.TestHistories.TryGetValue(Service, out var h)
            ? h.RecentRuns.LastOrDefault(r => r.Commit == commit) is { } run
                ? new TestStageCompleted(Service, run.RunId, run.Commit, run.Seed, run.ShardCount, run.Outcome, run.Blocks, run.Total, run.Passed, run.Failed, [], [], run.Triage, run.Quarantined, [])
                : null
            : null);

    private static string Json(IReadOnlyList<DemoRelease> releases, IReadOnlyList<TestStageCompleted?> runs, TestStageCompleted? coupled, string? production, int stamps, bool ok)
    {
        var doc = new Dictionary<string, object?>
        {
            ["seed"] = coupled?.Seed,
            ["shards"] = coupled?.ShardCount,
            ["triage"] = coupled?.Triage.Select(t => new Dictionary<string, object?>
            {
                ["kind"] = t.Kind,
                ["test"] = t.Test,
                ["polluters"] = t.Polluters,
                ["bisection_runs"] = t.BisectionRuns,
                ["triage_runs"] = t.TriageRuns,
                ["flake_rate"] = t.FlakeRate,
                ["explanation"] = t.Explanation,
                ["repro"] = t.Repro,
            }).ToList(),
            ["releases"] = releases.Zip(runs).Select(p => new Dictionary<string, object?>
            {
                ["label"] = p.First.Label,
                ["version"] = p.First.Version,
                ["outcome"] = p.First.Outcome,
                ["failed_step"] = p.First.Outcome == "failed" ? p.First.Reason : null,
                ["seed"] = p.Second?.Seed,
                ["shards"] = p.Second?.ShardCount,
                ["tests_passed"] = p.Second?.Passed,
                ["tests_total"] = p.Second?.Total,
                ["timings"] = p.First.Timings,
            }).ToList(),
            ["restamps"] = stamps,
            ["production"] = production,
            ["ok"] = ok,
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Short(string test) => test[(test.LastIndexOf('.', test.LastIndexOf('.') - 1) + 1)..];

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
