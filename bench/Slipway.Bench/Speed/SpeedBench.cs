using Slipway.Bench.Reporting;
using Slipway.Bench.Setup;
using Slipway.Cli.Demo;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;
using Slipway.Server.Pipelines;

namespace Slipway.Bench.Speed;

/// <summary>
/// `speed`: the same five one-line commits of samples/hello (really built with dotnet publish and tested with dotnet
/// test), 7 instances in waves 1, 2, 4 with 3 s bakes, twice in one run: cold (a fresh clone and a clean build per
/// commit, no wave started ahead: a plain CI job) and the default mode (warm workspace, waves started ahead). Then
/// `slipway test` against plain `dotnet test` on the sample's tests (<see cref="TestCommandBench"/>; `--only-test`
/// runs that part alone, `--test-rounds N` sets its rounds).
/// </summary>
internal static class SpeedBench
{
    private const string Service = "hello";
    private const double Bake = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private sealed record Sample(string Label, double CommitToPromoted, double Build, double Test, double Rollout, double StartAndSelfTest)
    {
        /// <summary>Where the commit's time went, step by step: printed per commit, not tabled.</summary>
        public string Breakdown { get; init; } = "";
    }

    public static async Task<IReadOnlyList<Figure>> RunAsync(string repoRoot, BenchArguments arguments, CancellationToken ct)
    {
        var commits = arguments.Int("--commits", 5);
        var testRounds = arguments.Int("--test-rounds", 6);
        var keep = arguments.Has("--keep");
        Console.WriteLine($"== speed: {commits} one-line commits of samples/hello, 7 instances, waves 1,2,4, bake {Bake:0} s; cold, then default");
        using var temp = TempFolder.Create("speed", keep);
        async Task<Figure> TestCommandAsync()
        {
            var repository = temp.Sub("test");
            await CreateRepositoryAsync(repoRoot, repository, ct);
            return await TestCommandBench.RunAsync(repository, testRounds, ct);
        }

        if (arguments.Has("--only-test"))
        {
            return [await TestCommandAsync()];
        }

        var skipCold = arguments.Has("--skip-cold");
        var cold = skipCold ? [] : await PassAsync("cold", temp.Sub("cold"), repoRoot, commits, warm: false, ct);
        var warm = await PassAsync("default", temp.Sub("default"), repoRoot, commits, warm: true, ct);
        if (skipCold)
        {
            // A quicker look at the default pass alone (--skip-cold): no ratio, so no figures.
            return [];
        }

        var testCommand = await TestCommandAsync();

        var rows = new List<IReadOnlyList<string>>();
        for (var i = 0; i < commits; i++)
        {
            rows.Add([$"commit {i + 1}", .. Cells(cold[i]), .. Cells(warm[i]), Ratio(cold[i].CommitToPromoted, warm[i].CommitToPromoted)]);
        }

        var coldMedian = Median(cold);
        var warmMedian = Median(warm);
        rows.Add(["**median**", .. Cells(coldMedian), .. Cells(warmMedian), Ratio(coldMedian.CommitToPromoted, warmMedian.CommitToPromoted)]);
        Console.WriteLine();
        Console.WriteLine(Table.Render(
            ["Commit", "cold: commit→promoted", "build", "test", "rollout", "default: commit→promoted", "build", "test", "rollout", "cold ÷ default"],
            rows));

        // The physical floor: the three bakes, plus one instance start and its self-test (wave 1 of the default pass).
        var floor = 3 * Bake + warmMedian.StartAndSelfTest;
        Console.WriteLine($"Physical floor: 3 bakes × {Bake:0} s + one instance start and self-test ({warmMedian.StartAndSelfTest:0.00} s, median) = {floor:0.00} s; the default median is {warmMedian.CommitToPromoted - floor:0.00} s above it ({warmMedian.CommitToPromoted / floor:0.00}×).");
        var ratio = coldMedian.CommitToPromoted / warmMedian.CommitToPromoted;
        var oneLineBuild = warm.Max(s => s.Build);
        return
        [
            new Figure("speed", "commit → promoted, default mode (median)", "< 25 s", Stats.Seconds(warmMedian.CommitToPromoted), warmMedian.CommitToPromoted < 25),
            new Figure("speed", "cold ÷ default, commit → promoted (medians)", "≥ 2.5×", $"{ratio:0.00}×", ratio >= 2.5),
            new Figure("speed", "build of a one-line change, default mode (max of the commits)", "< 5 s", Stats.Seconds(oneLineBuild), oneLineBuild < 5),
            testCommand,
            new Figure("speed", "physical floor (3 bakes + one start and self-test)", "–", Stats.Seconds(floor), null),
        ];
    }

    private static async Task<List<Sample>> PassAsync(string label, string folder, string repoRoot, int commits, bool warm, CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"-- {label}: {(warm ? "warm workspace, waves started ahead" : "fresh clone and clean build per commit, one wave after the other")}");
        var repository = Path.Combine(folder, "repo");
        await CreateRepositoryAsync(repoRoot, repository, ct, freshRunner: !warm);
        var v0 = await CommitAsync(repository, 0, ct);
        await using var bench = await BenchServer.StartAsync(
            Path.Combine(folder, "server"),
            ct,
            o => o with { StartWavesAhead = warm, WarmWorkspaces = warm });
        var started = bench.Now;
        await bench.RegisterAsync(Service, repository, ct);
        Expect((await bench.WaitForOutcomeAsync(v0, Timeout, ct)).Outcome, "v0");
        Console.WriteLine($"warm-up: first deploy in {(bench.Now - started).TotalSeconds:0.0} s (restore, first build, 7 instances); not counted");

        var samples = new List<Sample>();
        for (var i = 1; i <= commits; i++)
        {
            var commit = await CommitAsync(repository, i, ct);
            var t0 = bench.Now;
            await bench.PushAsync(Service, ct);
            var (outcome, rolloutId) = await bench.WaitForOutcomeAsync(commit, Timeout, ct);
            Expect(outcome, $"commit {i}");
            var sample = bench.Journal.Read(s =>
            {
                var run = s.Runs.Values.Last(r => r.Commit == commit);
                var rollout = s.Rollouts[rolloutId];
                double Step(string prefix) => run.Steps.Where(p => p.Step.StartsWith(prefix, StringComparison.Ordinal)).Sum(p => p.Seconds);
                var firstWave = rollout.Timeline.First(t => t.Event is WaveStarted { Wave: 0 }).At;
                var firstTest = rollout.Timeline.First(t => t.Event is SelfTestPassed).At;
                var steps = string.Join(", ", run.Steps.Select(p => $"{p.Step} {p.Seconds:0.00}"));
                return new Sample(
                    $"commit {i}",
                    (rollout.FinishedAt!.Value - t0).TotalSeconds,
                    Step("build"),
                    Step("test"),
                    (rollout.FinishedAt!.Value - rollout.StartedAt).TotalSeconds,
                    (firstTest - firstWave).TotalSeconds)
                {
                    Breakdown = $"push→run started {(run.StartedAt!.Value - t0).TotalSeconds:0.00}; {steps}; " +
                        $"run finished→rollout started {(rollout.StartedAt - run.FinishedAt!.Value).TotalSeconds:0.00}; " +
                        $"first start and self-test {(firstTest - firstWave).TotalSeconds:0.00}",
                };
            });
            samples.Add(sample);
            Console.WriteLine($"{label} commit {i}: commit→promoted {sample.CommitToPromoted:0.00} s, build {sample.Build:0.00} s, test {sample.Test:0.00} s, rollout {sample.Rollout:0.00} s");
            Console.WriteLine($"  {sample.Breakdown} (s)");
        }

        return samples;
    }

    /// <summary>samples/hello with the Slipway projects it references under lib/, and a slipway.yml for the bench.</summary>
    /// <remarks>
    /// The default pass builds as the sample's own slipway.yml does: <c>build: { dotnet: … }</c>, Slipway's .NET build
    /// (one MSBuild run builds the service and its tests and publishes it; the restore is skipped while no project file
    /// changes), and the test stage runs that build. With <paramref name="freshRunner"/> (the cold pass), the build and
    /// test commands are a plain CI job's, <c>dotnet publish</c> then <c>dotnet test</c>, and they keep no compiler server
    /// or MSBuild node between runs (<c>--disable-build-servers</c>, and <c>-p:UseSharedCompilation=false</c> for
    /// <c>dotnet test</c>, whose test platform takes no MSBuild switches), as on a CI runner that starts fresh for each job.
    /// </remarks>
    internal static async Task CreateRepositoryAsync(string repoRoot, string repository, CancellationToken ct, bool freshRunner = false)
    {
        SampleSource.CopyTree(Path.Combine(repoRoot, "samples", "hello"), repository);
        SampleSource.CopyLibraries(Path.Combine(repoRoot, "src"), repository, SampleSource.HelloLibraries);

        // Both passes publish for this machine's runtime, as the sample's slipway.yml does (runtime: host): the same artifact.
        // The cold pass's dotnet test takes the same runtime, so it reuses the publish's build of Hello, as a sensible CI job would.
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var buildAndTest = freshRunner
            ? $$"""
              build:
                - dotnet publish src/Hello/Hello.csproj -c Release -o out --nologo --disable-build-servers -r {{rid}} --self-contained false
              test: dotnet test --project tests/Hello.Tests/Hello.Tests.csproj -c Release -p:UseSharedCompilation=false -p:RuntimeIdentifier={{rid}} -p:SelfContained=false
              """
            : """
              build:
                dotnet: src/Hello/Hello.csproj
                runtime: host
              tests:
                projects: [tests/Hello.Tests/Hello.Tests.csproj]
              """;

        // The sample's own build and test; no load, so a bake without traffic promotes at its end.
        await File.WriteAllTextAsync(Path.Combine(repository, "slipway.yml"), $$"""
            {{buildAndTest}}
            artifact: out
            run: dotnet Hello.dll --urls http://127.0.0.1:$PORT
            selftest:
              path: /selftest
              timeout: 60s
            instances: 7
            waves: [1, 2, 4]
            bake: {{Bake}}s
            judge: { max_bake_extension: 0s, not_enough_data: promote }
            flags: src/Hello/flags.json
            """, ct);
        await Git.RunAsync(repository, ct, "init", "--quiet", "--initial-branch=main");
    }

    /// <summary>A one-line change: the greeting's version comment, in the service's own code.</summary>
    private static async Task<string> CommitAsync(string repository, int n, CancellationToken ct)
    {
        await ChangeOneLineAsync(repository, $"commit {n}", ct);
        await Git.RunAsync(repository, ct, "add", "--all");
        await Git.RunAsync(repository, ct, "-c", "user.name=Slipway Bench", "-c", "user.email=bench@slipway.invalid", "commit", "--quiet", "-m", $"bench commit {n}");
        return await Git.RunAsync(repository, ct, "rev-parse", "HEAD");
    }

    /// <summary>The one-line change: the last line of the service's Greeter.cs, a "// bench" comment, replaced.</summary>
    internal static async Task ChangeOneLineAsync(string repository, string text, CancellationToken ct)
    {
        var greeter = Path.Combine(repository, "src", "Hello", "Greeter.cs");
        var lines = (await File.ReadAllLinesAsync(greeter, ct)).Where(l => !l.StartsWith("// bench ", StringComparison.Ordinal)).Append($"// bench {text}");
        await File.WriteAllLinesAsync(greeter, lines, ct);
    }

    private static IReadOnlyList<string> Cells(Sample s) =>
        [Stats.Seconds(s.CommitToPromoted), Stats.Seconds(s.Build), Stats.Seconds(s.Test), Stats.Seconds(s.Rollout)];

    private static string Ratio(double cold, double warm) => $"{cold / warm:0.00}×";

    private static Sample Median(IReadOnlyList<Sample> samples) => new(
        "median",
        Stats.Median(samples.Select(s => s.CommitToPromoted)),
        Stats.Median(samples.Select(s => s.Build)),
        Stats.Median(samples.Select(s => s.Test)),
        Stats.Median(samples.Select(s => s.Rollout)),
        Stats.Median(samples.Select(s => s.StartAndSelfTest)));

    private static void Expect(RolloutOutcome outcome, string label)
    {
        if (outcome != RolloutOutcome.Promoted)
        {
            throw new InvalidOperationException($"{label} was {outcome}, not promoted; the bench setup is broken.");
        }
    }
}
