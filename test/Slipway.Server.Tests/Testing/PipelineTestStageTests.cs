using System.Globalization;
using Slipway.Core.Journal;
using Slipway.Core.Testing;

namespace Slipway.Server.Tests.Testing;

/// <summary>
/// The pipeline's test step with the test stage: real git repositories, real pipeline runs, the fixture test executables
/// (built once for the collection and copied in by the repository's build step, so no test rebuilds them).
/// </summary>
[Collection(TestStageFixtureCollection.Name)]
public sealed class PipelineTestStageTests(FixtureProjects fixtures)
{
    private const string Polluter = "Planted.PollutingTests.Switches_to_legacy_pricing";
    private const string Victim = "Planted.PricingTests.Quotes_with_the_default_mode";
    private const string FlakyTest = "Planted.FlakyTests.Coin_flip";
    private const string RealFailure = "Planted.RealFailureTests.Adds_two_and_two";

    private static string Config(string fixture, string tests) => $"""
        build:
          - cp -r '{Path.GetDirectoryName(fixture)}' tests-bin
          - mkdir -p out && echo artifact > out/readme.txt
        tests:
          projects: [tests-bin/{Path.GetFileName(fixture)}]
        {tests}
        artifact: out
        run: sleep 60
        """;

    [Fact]
    public async Task An_order_dependent_failure_fails_the_run_at_test_naming_polluter_and_victim_and_nothing_is_packaged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await PipelineHarness.CreateAsync(fixtures.NewFolder(), ct);
        var seed = SeedWherePolluterRunsFirst();
        var commit = await pipeline.CommitAsync(
            new Dictionary<string, string>
            {
                ["slipway.yml"] = Config(fixtures.Planted, $"  seed: {seed.ToString(CultureInfo.InvariantCulture)}\n  shards: 1\n  reruns: 2\n  flaky: quarantine\n  timeout: 2m"),
            },
            ct);

        // The flaky fixture flips on a counter file: the next flip (1) fails, then alone it passes (2) and fails (3).
        var counter = Path.Combine(Path.GetTempPath(), "slipway-fixture-coin-flip.counter");
        await File.WriteAllTextAsync(counter, "0", ct);
        if (!OperatingSystem.IsWindows())
        {
            // The test processes run as nobody when the tests run as root: they must be able to flip the coin.
            File.SetUnixFileMode(counter, (UnixFileMode)Convert.ToInt32("666", 8));
        }

        var (runId, succeeded) = await pipeline.RunAsync(commit, ct);

        Assert.False(succeeded);
        var failed = Assert.Single(pipeline.Events<PipelineFailed>(runId));
        Assert.Equal("test", failed.Step);
        Assert.Contains($"order-dependent: {Victim} fails when run after {Polluter}", failed.Message, StringComparison.Ordinal);
        Assert.Contains($"slipway test --order '{Polluter};{Victim}' tests-bin/Slipway.Fixtures.Planted", failed.Message, StringComparison.Ordinal);
        Assert.Contains($"real failure: {RealFailure} fails every time it runs alone", failed.Message, StringComparison.Ordinal);
        Assert.Contains(failed.FailedTests!, t => t.Test == RealFailure && t.Message.Contains("Expected: 5", StringComparison.Ordinal));
        Assert.Contains(failed.FailedTests!, t => t.Test == Victim);
        Assert.Empty(pipeline.Events<PipelineSucceeded>(runId));
        Assert.False(Directory.Exists(pipeline.ArtifactsFolder) && Directory.EnumerateFiles(pipeline.ArtifactsFolder).Any());

        var stage = Assert.Single(pipeline.Events<TestStageCompleted>(runId));
        Assert.Equal(seed, stage.Seed);
        Assert.Equal(1, stage.ShardCount);
        Assert.Equal("failed", stage.Outcome);
        var shard = Assert.Single(stage.Shards);
        Assert.Equal(10, shard.OrderCount);
        Assert.True(shard.Order.ToList().IndexOf(Polluter) < shard.Order.ToList().IndexOf(Victim));
        Assert.Equal(10, stage.Tests.Count);
        var victim = Assert.Single(stage.Triage, t => t.Test == Victim);
        Assert.Equal("order_dependent", victim.Kind);
        Assert.Equal([Polluter], victim.Polluters);
        Assert.InRange(victim.BisectionRuns, 1, 10);
        Assert.Equal("real", Assert.Single(stage.Triage, t => t.Test == RealFailure).Kind);
        Assert.Equal("flaky", Assert.Single(stage.Triage, t => t.Test == FlakyTest).Kind);
        Assert.Equal([FlakyTest], stage.Quarantined);

        // History: the flaky test is quarantined with its flake rate; every test that ran has a duration.
        var (quarantined, flaky, durations) = pipeline.Journal.Read(s =>
        {
            var h = s.TestHistories[PipelineHarness.Service];
            return (h.QuarantinedTests().ToList(), h.Tests[FlakyTest], h.Durations().Count);
        });
        Assert.Equal([FlakyTest], quarantined);
        Assert.Equal(1, flaky.FlakyRuns);
        Assert.Equal(1.0, flaky.FlakeRate);
        Assert.Equal(10, durations);

        // The test log has the live progress with the seed, the verdicts and the replay line; the reports outlive the workspace.
        var log = pipeline.Log(runId, "test.log");
        Assert.Contains($"shard 1/1: 0/10 passed (seed {seed})", log, StringComparison.Ordinal);
        Assert.Contains("quarantined: " + FlakyTest, log, StringComparison.Ordinal);
        Assert.Contains($"replay: set 'tests: {{ seed: {seed} }}' in slipway.yml", log, StringComparison.Ordinal);
        Assert.True(pipeline.LogExists(runId, "junit.xml"));
        Assert.True(pipeline.LogExists(runId, "results.trx"));
    }

    [Fact]
    public async Task A_test_that_failed_in_the_last_run_runs_first_in_the_next_one_and_the_order_replays_from_the_seed_and_the_list()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await PipelineHarness.CreateAsync(fixtures.NewFolder(), ct);
        await pipeline.Journal.AppendAsync(new ServiceRegistered(PipelineHarness.Service, pipeline.Repository, "main", 0, 1), ct);
        var config = Config(fixtures.Planted, "  shards: 1\n  reruns: 1\n  flaky: quarantine\n  timeout: 2m");
        var first = await pipeline.CommitAsync(new Dictionary<string, string> { ["slipway.yml"] = config }, ct);
        var (firstRun, _) = await pipeline.RunAsync(first, ct);
        Assert.Contains(Assert.Single(pipeline.Events<TestStageCompleted>(firstRun)).Tests, t => t.Test == RealFailure && t.Outcome == "failed");

        var second = await pipeline.CommitAsync(new Dictionary<string, string> { ["README.md"] = "a change outside the tests\n" }, ct);
        var (secondRun, succeeded) = await pipeline.RunAsync(second, ct);

        Assert.False(succeeded);
        var stage = Assert.Single(pipeline.Events<TestStageCompleted>(secondRun));
        var fast = stage.FailFast!;
        Assert.Contains(RealFailure, fast.FailFirst);
        Assert.Empty(fast.TouchedProjects);
        var shard = Assert.Single(stage.Shards);
        var replay = FailFastOrder.Prioritize(
            TestOrder.Shuffle(stage.Tests.Select(t => TestName.Parse(t.Test)), TestSeed.FromCommitSha(second)),
            fast.FailFirst.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(replay.Select(t => t.FullName), shard.Order);
        Assert.Contains(shard.Order[0], fast.FailFirst);
        // The first failure comes no later than the real failure's place in the order that ran. Not within the first
        // FailFirst.Count tests: classes stay together, so a fail-first test of a later class follows the rest of an
        // earlier one (CI, a seed that put the flaky test's class first).
        Assert.InRange(fast.RunPosition!.Value, 1, shard.Order.ToList().IndexOf(RealFailure) + 1);
        Assert.NotNull(fast.SeedPosition);

        var log = pipeline.Log(secondRun, "test.log");
        Assert.Contains($"1 file(s) changed since {first[..8]}, touching 0 of 1 test project(s)", log, StringComparison.Ordinal);
        Assert.Contains("fail fast: first failure after ", log, StringComparison.Ordinal);
        Assert.Contains($"--fail-first '{string.Join(';', fast.FailFirst)}'", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passing_tests_take_their_seed_from_the_commit_journal_shard_progress_and_the_run_goes_on_to_package()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await PipelineHarness.CreateAsync(fixtures.NewFolder(), ct);
        var commit = await pipeline.CommitAsync(new Dictionary<string, string> { ["slipway.yml"] = Config(fixtures.Passing, "  shards: 2") }, ct);

        var (runId, succeeded) = await pipeline.RunAsync(commit, ct);

        Assert.True(succeeded);
        var seed = TestSeed.FromCommitSha(commit);
        var stage = Assert.Single(pipeline.Events<TestStageCompleted>(runId));
        Assert.Equal(seed, stage.Seed);
        Assert.Equal(2, stage.ShardCount);
        Assert.Equal(30, stage.Passed);
        Assert.Empty(stage.Triage);
        Assert.Equal(["checkout", "config", "build[0]", "build[1]", "test", "package"], pipeline.Events<PipelineStepCompleted>(runId).Select(s => s.Step));
        Assert.Single(pipeline.Events<PipelineSucceeded>(runId));

        // Progress is journaled sparsely: each shard's start and its end, with the seed.
        var progress = pipeline.Events<TestProgressReported>(runId);
        Assert.Contains(progress, p => p is { Shard: 2, ShardCount: 2, Completed: 15, Total: 15, Passed: 15 } && p.Seed == seed);
        Assert.Contains(progress, p => p is { Shard: 1, Completed: 0 });
        Assert.InRange(progress.Count, 4, 30);

        // The shard orders are the seed's order, split in two.
        var full = TestOrder.Shuffle(stage.Tests.Select(t => TestName.Parse(t.Test)), seed).Select(t => t.FullName);
        Assert.Equal(full, stage.Shards.SelectMany(s => s.Order));
        Assert.Equal(30, pipeline.Journal.Read(s => s.TestHistories[PipelineHarness.Service].Durations().Count));
    }

    /// <summary>
    /// The stage writes its results under .slipway/ in the workspace, which belongs to the step user: the folders it makes
    /// there are that user's too, so the next checkout (git clean, as that user) removes them and keeps the build state.
    /// Before, .slipway/ stayed root's when the steps ran as nobody, the clean failed, and every run after a test stage
    /// fell back to a fresh clone and a cold build.
    /// </summary>
    [Fact]
    public async Task The_run_after_a_test_stage_still_builds_in_the_warm_workspace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await PipelineHarness.CreateAsync(fixtures.NewFolder(), ct);
        var first = await pipeline.CommitAsync(new Dictionary<string, string> { ["slipway.yml"] = Config(fixtures.Passing, "  shards: 1") }, ct);
        var (firstRun, firstSucceeded) = await pipeline.RunAsync(first, ct);
        var second = await pipeline.CommitAsync(new Dictionary<string, string> { ["README.md"] = "a change outside the tests\n" }, ct);

        var (secondRun, secondSucceeded) = await pipeline.RunAsync(second, ct);

        Assert.True(firstSucceeded);
        Assert.True(secondSucceeded);
        Assert.Single(pipeline.Events<TestStageCompleted>(firstRun));
        var checkout = Assert.Single(pipeline.Events<PipelineStepCompleted>(secondRun), s => s.Step == "checkout");
        Assert.EndsWith($"warm: obj/ and bin/ of {first[..7]}", checkout.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_tests_projects_the_plain_test_command_decides_the_test_step_as_before()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await PipelineHarness.CreateAsync(fixtures.NewFolder(), ct);
        var commit = await pipeline.CommitAsync(
            new Dictionary<string, string> { ["slipway.yml"] = "build: mkdir -p out\ntest: echo some tests failed; exit 3\nartifact: out\nrun: sleep 60\n" },
            ct);

        var (runId, succeeded) = await pipeline.RunAsync(commit, ct);

        Assert.False(succeeded);
        var failed = Assert.Single(pipeline.Events<PipelineFailed>(runId));
        Assert.Equal("test", failed.Step);
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("some tests failed", failed.LogTail, StringComparison.Ordinal);
        Assert.Empty(pipeline.Events<TestStageCompleted>(runId));
    }

    [Fact]
    public async Task A_failing_plain_test_command_names_its_failing_tests_with_the_first_lines_of_each_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pipeline = await PipelineHarness.CreateAsync(fixtures.NewFolder(), ct);
        var fixture = fixtures.Planted;
        var commit = await pipeline.CommitAsync(
            new Dictionary<string, string>
            {
                ["slipway.yml"] = $"""
                    build:
                      - cp -r '{Path.GetDirectoryName(fixture)}' tests-bin
                      - mkdir -p out
                    test: tests-bin/{Path.GetFileName(fixture)}
                    artifact: out
                    run: sleep 60
                    """,
            },
            ct);

        var (runId, succeeded) = await pipeline.RunAsync(commit, ct);

        Assert.False(succeeded);
        var failed = Assert.Single(pipeline.Events<PipelineFailed>(runId));
        Assert.Equal("test", failed.Step);
        var real = Assert.Single(failed.FailedTests!, t => t.Test == RealFailure);
        Assert.Equal("Assert.Equal() Failure: Values differ\nExpected: 5\nActual:   4", real.Message);
        Assert.Contains($"; failed: {failed.FailedTests![0].Test}", failed.Message, StringComparison.Ordinal);
        var view = pipeline.Journal.Read(s => Slipway.Server.Api.Views.Run(s.Runs[runId]));
        Assert.Contains(view.FailedTests!, t => t.Test == RealFailure && t.Message.StartsWith("Assert.Equal() Failure", StringComparison.Ordinal));
    }

    /// <summary>The first seed whose one-shard shuffle runs the polluter before its victim: found with the pure core, not by luck.</summary>
    private static int SeedWherePolluterRunsFirst()
    {
        string[] planted =
        [
            "Planted.FillerTests.One", "Planted.FillerTests.Three", "Planted.FillerTests.Two", FlakyTest,
            "Planted.HangTests.Waits_for_a_reply", "Planted.PollutingTests.Reads_the_catalogue", Polluter,
            Victim, "Planted.PricingTests.Rounds_to_cents", RealFailure,
        ];
        var tests = planted.Select(TestName.Parse).ToList();
        return Enumerable.Range(1, 1000).First(seed =>
        {
            var order = TestOrder.Shuffle(tests, seed).Select(t => t.FullName).ToList();
            return order.IndexOf(Polluter) < order.IndexOf(Victim);
        });
    }
}
