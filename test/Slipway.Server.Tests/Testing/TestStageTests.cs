using System.Diagnostics;
using System.Xml.Linq;
using Slipway.Core.Testing;
using Slipway.Server.Testing;

namespace Slipway.Server.Tests.Testing;

[Collection(TestStageFixtureCollection.Name)]
public sealed class TestStageTests(FixtureProjects fixtures)
{
    private const string Polluter = "Planted.PollutingTests.Switches_to_legacy_pricing";
    private const string Victim = "Planted.PricingTests.Quotes_with_the_default_mode";
    private const string FlakyTest = "Planted.FlakyTests.Coin_flip";
    private const string RealFailure = "Planted.RealFailureTests.Adds_two_and_two";

    private static readonly string[] PlantedTests =
    [
        "Planted.FillerTests.One", "Planted.FillerTests.Three", "Planted.FillerTests.Two", FlakyTest,
        "Planted.HangTests.Waits_for_a_reply", "Planted.PollutingTests.Reads_the_catalogue", Polluter,
        Victim, "Planted.PricingTests.Rounds_to_cents", RealFailure,
    ];

    private readonly TestStage _stage = new(TimeProvider.System);

    private TestStageRequest Request(string executable, int seed, int shards = 1) => new()
    {
        WorkspaceDirectory = fixtures.NewFolder(),
        Projects = [executable],
        Seed = seed,
        Shards = shards,
        ShardTimeout = TimeSpan.FromMinutes(1),
        Reruns = 2,
        Environment = new Dictionary<string, string> { ["SLIPWAY_FIXTURE_COUNTER"] = Path.Combine(fixtures.NewFolder(), "coin.counter") },
    };

    /// <summary>The first seed whose shuffle runs the polluter before its victim: found with the pure core, not by luck.</summary>
    private static int SeedWherePolluterRunsFirst()
    {
        var tests = PlantedTests.Select(TestName.Parse).ToList();
        return Enumerable.Range(1, 1000).First(seed =>
        {
            var order = TestOrder.Shuffle(tests, seed).Select(t => t.FullName).ToList();
            return order.IndexOf(Polluter) < order.IndexOf(Victim);
        });
    }

    [Fact]
    public async Task Planted_failures_are_each_classified_correctly_with_the_polluter_named()
    {
        var request = Request(fixtures.Planted, SeedWherePolluterRunsFirst());
        var result = await _stage.RunAsync(request, null, TestContext.Current.CancellationToken);

        Assert.Equal(TestStageOutcome.Failed, result.Outcome);
        Assert.True(result.Blocks);
        Assert.Empty(result.Warnings);
        Assert.Equal(PlantedTests.Order(StringComparer.Ordinal), result.Order["Slipway.Fixtures.Planted"].Order(StringComparer.Ordinal));

        var victim = Assert.Single(result.Triage, t => t.Test.FullName == Victim);
        Assert.Equal(FailureKind.OrderDependent, victim.Kind);
        Assert.Equal([Polluter], victim.Polluters.Select(p => p.FullName));
        Assert.StartsWith($"{Victim} fails when run after {Polluter}", victim.Explanation, StringComparison.Ordinal);
        Assert.InRange(victim.BisectionRuns, 1, 10);

        var real = Assert.Single(result.Triage, t => t.Test.FullName == RealFailure);
        Assert.Equal(FailureKind.Real, real.Kind);
        Assert.Equal(1.0, real.FlakeRate);

        var flaky = Assert.Single(result.Triage, t => t.Test.FullName == FlakyTest);
        Assert.Equal(FailureKind.Flaky, flaky.Kind);
        Assert.InRange(flaky.FlakeRate, 0.01, 0.99);

        Assert.Equal(3, result.Triage.Count);
        Assert.True(File.Exists(result.JUnitPath));
        Assert.True(File.Exists(result.TrxPath));
        var junit = XDocument.Load(result.JUnitPath!);
        Assert.Equal(PlantedTests.Length, junit.Descendants("testcase").Count());
        Assert.Equal("3", junit.Root!.Attribute("failures")!.Value);
        Assert.Contains(junit.Descendants("failure"), f => f.Attribute("type")!.Value == "OrderDependent");
        var trx = XDocument.Load(result.TrxPath!);
        Assert.Equal(PlantedTests.Length, trx.Descendants(XName.Get("UnitTestResult", "http://microsoft.com/schemas/VisualStudio/TeamTest/2010")).Count());

        // The one-line repro really reproduces it.
        var repro = Process.Start(new ProcessStartInfo("bash", ["-c", victim.ReproCommand!]) { RedirectStandardOutput = true })!;
        await repro.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await repro.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.NotEqual(0, repro.ExitCode);
    }

    [Fact]
    public async Task Replaying_a_recorded_seed_reproduces_the_exact_order_in_every_shard()
    {
        var progress = new List<string>();
        var reporter = new SynchronousProgress<TestProgress>(p => { lock (progress) { progress.Add(p.ToString()); } });
        var first = await _stage.RunAsync(Request(fixtures.Passing, 4242, shards: 2), reporter, TestContext.Current.CancellationToken);
        var replay = await _stage.RunAsync(Request(fixtures.Passing, 4242, shards: 2), null, TestContext.Current.CancellationToken);
        var other = await _stage.RunAsync(Request(fixtures.Passing, 4243, shards: 2), null, TestContext.Current.CancellationToken);

        Assert.Equal(TestStageOutcome.Passed, first.Outcome);
        Assert.False(first.Blocks);
        Assert.Equal(30, first.Tests.Count);
        Assert.Equal(2, first.Shards.Count);
        Assert.Equal(first.Order["Slipway.Fixtures.Passing"], replay.Order["Slipway.Fixtures.Passing"]);
        foreach (var (a, b) in first.Shards.Zip(replay.Shards))
        {
            Assert.Equal(a.PlannedOrder, a.ExecutedOrder);
            Assert.Equal(a.ExecutedOrder, b.ExecutedOrder);
        }

        Assert.NotEqual(first.Order["Slipway.Fixtures.Passing"], other.Order["Slipway.Fixtures.Passing"]);
        Assert.Contains("shard 2/2: 15/15 passed (seed 4242)", progress);
        Assert.Contains(progress, p => p.StartsWith("shard 1/2: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_orderer_inside_the_test_process_gives_the_stage_order_for_a_seed()
    {
        var stageOrder = TestOrder.Shuffle(
            Enumerable.Range(0, 6).SelectMany(c => Enumerable.Range(0, 5).Select(m => new TestName($"Passing.Class{c}Tests", $"Case{m}"))), 77)
            .Select(t => t.FullName).ToList();
        var events = new XunitEventStream();
        var info = new ProcessStartInfo(fixtures.Passing, ["-noColor", "-reporter", "json", "-parallelMode", "none"])
        {
            RedirectStandardOutput = true,
            Environment = { ["SLIPWAY_TEST_SEED"] = "77" },
        };
        using var process = Process.Start(info)!;
        while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            events.Accept(line);
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(stageOrder, events.StartedOrder().Select(t => t.FullName));
    }

    [Fact]
    public async Task Flaky_tests_are_quarantined_under_the_quarantine_policy_and_do_not_block()
    {
        var request = Request(fixtures.Planted, 1) with
        {
            ExplicitOrder = ["Planted.FillerTests.One", FlakyTest],
            Flaky = FlakyPolicy.Quarantine,
        };
        var result = await _stage.RunAsync(request, null, TestContext.Current.CancellationToken);

        Assert.Equal(TestStageOutcome.Passed, result.Outcome);
        Assert.False(result.Blocks);
        Assert.Equal([FlakyTest], result.Quarantined);
        Assert.Equal(FailureKind.Flaky, Assert.Single(result.Triage).Kind);
    }

    private const string HangTest = "Planted.HangTests.Waits_for_a_reply";

    /// <summary>
    /// A seed whose fail-fast order (the real failure moved first) splits into two shards so that shard 1 holds the real
    /// failure and tests that pass there (the victim only without its polluter before it), and shard 2 starts with the
    /// hanging test: shard 2 can only end by being stopped.
    /// </summary>
    private static int SeedWhereTheSecondShardStartsWithTheHang()
    {
        var tests = PlantedTests.Select(TestName.Parse).ToList();
        var failFirst = new HashSet<string>([RealFailure], StringComparer.Ordinal);
        return Enumerable.Range(1, 5000).First(seed =>
        {
            var seeded = TestOrder.Shuffle(tests, seed);
            var order = FailFastOrder.Prioritize(seeded, failFirst).Select(t => t.FullName).ToList();
            var shard1 = order.Take(5).ToList();
            return order[5] == HangTest
                && !shard1.Contains(FlakyTest)
                && !(shard1.Contains(Victim) && shard1.IndexOf(Polluter) is >= 0 and var p && p < shard1.IndexOf(Victim))
                && seeded[0].FullName != RealFailure;
        });
    }

    [Fact]
    public async Task A_recently_failed_test_runs_first_and_its_real_failure_stops_the_other_shard()
    {
        var seed = SeedWhereTheSecondShardStartsWithTheHang();
        var request = Request(fixtures.Planted, seed, shards: 2) with
        {
            FailFirst = new HashSet<string>([RealFailure], StringComparer.Ordinal),
            // Shard 2 hangs for good; without the stop it would end only at this timeout, as a hang, and the test fails.
            ShardTimeout = TimeSpan.FromMinutes(3),
            Environment = new Dictionary<string, string>
            {
                ["SLIPWAY_FIXTURE_HANG"] = "1",
                ["SLIPWAY_FIXTURE_COUNTER"] = Path.Combine(fixtures.NewFolder(), "coin.counter"),
            },
        };

        var result = await _stage.RunAsync(request, null, TestContext.Current.CancellationToken);

        Assert.Equal(TestStageOutcome.Failed, result.Outcome);
        Assert.Equal(RealFailure, result.Order["Slipway.Fixtures.Planted"][0]);
        var first = Assert.Single(result.Shards, s => s.Number == 1);
        var second = Assert.Single(result.Shards, s => s.Number == 2);
        Assert.Equal(RealFailure, first.ExecutedOrder[0]);
        Assert.Equal(first.PlannedOrder, first.ExecutedOrder);
        Assert.True(second.Stopped);
        Assert.False(second.TimedOut);
        Assert.Equal(FailureKind.Real, Assert.Single(result.Triage).Kind);

        var hang = Assert.Single(result.Tests, t => t.Name.FullName == HangTest);
        Assert.Equal(TestOutcome.NotRun, hang.Outcome);
        Assert.Contains($"stopped after the real failure of {RealFailure}", hang.Message, StringComparison.Ordinal);
        Assert.All(result.Tests.Where(t => t.Shard == 2), t => Assert.Equal(TestOutcome.NotRun, t.Outcome));

        var plain = TestOrder.Shuffle(PlantedTests.Select(TestName.Parse), seed).Select(t => t.FullName).ToList();
        Assert.Equal(RealFailure, result.FailFast.FirstFailure);
        Assert.Equal(1, result.FailFast.RunPosition);
        Assert.Equal(plain.IndexOf(RealFailure) + 1, result.FailFast.SeedPosition);
        Assert.Equal(1, result.FailFast.FinishedAtFirstFailure);
        Assert.Equal([RealFailure], result.FailFast.FailFirst);
        Assert.Equal(RealFailure, result.FailFast.StoppedBy);
        Assert.Equal(1, result.FailFast.StoppedShards);
        Assert.Contains($"in seed order it would have been test {plain.IndexOf(RealFailure) + 1}", result.FailFast.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_test_is_killed_at_the_timeout_and_the_report_names_it()
    {
        var request = Request(fixtures.Planted, 1) with
        {
            ExplicitOrder = ["Planted.HangTests.Waits_for_a_reply"],
            // The clock starts with the shard's process: on a loaded 2-core machine the test host took more than 5 s to
            // reach the test, and the timeout then found nothing running. The test hangs for good, so a longer timeout
            // only costs time, and 20 s leaves room for a slow start.
            ShardTimeout = TimeSpan.FromSeconds(20),
            Environment = new Dictionary<string, string> { ["SLIPWAY_FIXTURE_HANG"] = "1" },
        };
        var result = await _stage.RunAsync(request, null, TestContext.Current.CancellationToken);

        Assert.Equal(TestStageOutcome.Failed, result.Outcome);
        var shard = Assert.Single(result.Shards);
        Assert.True(shard.TimedOut);
        Assert.Equal("Planted.HangTests.Waits_for_a_reply", shard.RunningAtTimeout);
        var hang = Assert.Single(result.Triage);
        Assert.Equal(FailureKind.Hang, hang.Kind);
        Assert.Contains("Planted.HangTests.Waits_for_a_reply was running when shard 1 hit its timeout", hang.Explanation, StringComparison.Ordinal);
        Assert.Equal(TestOutcome.TimedOut, Assert.Single(result.Tests).Outcome);
    }

    [Fact]
    public async Task A_project_without_Slipway_Testing_still_runs_with_a_warning_that_says_why()
    {
        var result = await _stage.RunAsync(Request(fixtures.Unshuffled, 9, shards: 2), null, TestContext.Current.CancellationToken);

        Assert.Equal(TestStageOutcome.Passed, result.Outcome);
        Assert.Equal(2, result.Tests.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("does not reference Slipway.Testing", warning, StringComparison.Ordinal);
        Assert.Contains("seed 9 did not shuffle it", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_with_zero_tests_is_reported_as_no_tests_and_not_as_a_pass()
    {
        var blocking = await _stage.RunAsync(Request(fixtures.Empty, 3), null, TestContext.Current.CancellationToken);
        var warned = await _stage.RunAsync(Request(fixtures.Empty, 3) with { ZeroTests = ZeroTestsPolicy.Warn }, null, TestContext.Current.CancellationToken);

        Assert.Equal(TestStageOutcome.NoTests, blocking.Outcome);
        Assert.True(blocking.Blocks);
        Assert.Equal(TestStageOutcome.NoTests, warned.Outcome);
        Assert.False(warned.Blocks);
        Assert.Contains(warned.Warnings, w => w.StartsWith("No tests were found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_test_project_that_does_not_build_fails_with_the_compilers_message()
    {
        var folder = fixtures.NewFolder();
        var project = Path.Combine(folder, "Broken.csproj");
        await File.WriteAllTextAsync(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
            </Project>
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "Program.cs"), "class Program { static void Main() { int x = \"nope\"; } }", TestContext.Current.CancellationToken);

        var result = await _stage.RunAsync(Request(project, 1), null, TestContext.Current.CancellationToken);

        Assert.Equal(TestStageOutcome.BuildFailed, result.Outcome);
        Assert.True(result.Blocks);
        Assert.Contains("error CS0029", result.BuildOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_that_is_already_built_is_run_from_that_build_not_rebuilt_into_the_output_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = fixtures.NewFolder();
        var project = Path.Combine(folder, "Built.csproj");
        await File.WriteAllTextAsync(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
            </Project>
            """, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "Program.cs"), "System.Console.WriteLine(\"ran from \" + System.AppContext.BaseDirectory);", ct);
        var request = Request(project, 1) with { OutputDirectory = fixtures.NewFolder() };

        // Built first in the same environment, as the pipeline's build step builds in the warm workspace.
        var first = await TestProjectBuilder.BuildInPlaceAsync(project, TimeSpan.FromMinutes(5), TimeProvider.System, ct, request.Environment);
        var built = Path.Combine(folder, "bin", "Release", "net10.0", "Built.dll");
        var compiledAt = File.GetLastWriteTimeUtc(built);
        var output = request.OutputDirectory!;

        var result = await _stage.RunAsync(request, null, ct);

        Assert.True(first.Succeeded, first.Output);
        Assert.Equal(TestStageOutcome.Passed, result.Outcome);
        Assert.Equal(compiledAt, File.GetLastWriteTimeUtc(built));
        Assert.False(Directory.Exists(Path.Combine(output, "build")), "the project was built again into the output folder");
    }
}
