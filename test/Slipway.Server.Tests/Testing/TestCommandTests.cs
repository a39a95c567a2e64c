using Slipway.Server.Testing;

namespace Slipway.Server.Tests.Testing;

[Collection(TestStageFixtureCollection.Name)]
public sealed class TestCommandTests(FixtureProjects fixtures)
{
    [Fact]
    public async Task A_seed_that_is_not_a_number_is_rejected_with_a_clear_message()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TestCommand.RunAsync(["--seed", "banana", "x.csproj"], stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("The test seed 'banana' is not a number", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_verb_runs_the_shards_and_prints_progress_with_the_seed_and_a_replay_line()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TestCommand.RunAsync(
            ["--seed", "1234", "--shards", "2", "--out", fixtures.NewFolder(), fixtures.Passing], stdout, stderr, TestContext.Current.CancellationToken);

        var output = stdout.ToString();
        Assert.Equal(0, code);
        Assert.Contains("shard 2/2: 15/15 passed (seed 1234)", output, StringComparison.Ordinal);
        Assert.Contains("30 passed, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("replay with: slipway test --seed 1234 --shards 2", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr.ToString());
    }
}
