using Slipway.Server.Testing;

namespace Slipway.Server.Tests.Testing;

/// <summary>The report of a local test run (`slipway test`; its command line is parsed, and tested, in the CLI).</summary>
[Collection(TestStageFixtureCollection.Name)]
public sealed class LocalTestRunTests(FixtureProjects fixtures)
{
    [Fact]
    public async Task A_local_run_prints_progress_with_the_seed_and_a_replay_line_naming_the_projects_as_given()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var request = new TestStageRequest
        {
            WorkspaceDirectory = Directory.GetCurrentDirectory(),
            Projects = [fixtures.Passing],
            Seed = 1234,
            Shards = 2,
            OutputDirectory = fixtures.NewFolder(),
        };

        var code = await LocalTestRun.RunAsync(request, ["Passing.Tests.csproj"], stdout, stderr, TestContext.Current.CancellationToken);

        var output = stdout.ToString();
        Assert.Equal(0, code);
        Assert.StartsWith("seed 1234, 2 shard(s)", output, StringComparison.Ordinal);
        Assert.Contains("shard 2/2: 15/15 passed (seed 1234)", output, StringComparison.Ordinal);
        Assert.Contains("30 passed, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("replay with: slipway test --seed 1234 --shards 2 Passing.Tests.csproj", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr.ToString());
    }
}
