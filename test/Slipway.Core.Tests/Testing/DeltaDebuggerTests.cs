using Slipway.Core.Testing;

namespace Slipway.Core.Tests.Testing;

public sealed class DeltaDebuggerTests
{
    [Theory]
    [InlineData(64, 17)]
    [InlineData(512, 300)]
    [InlineData(4096, 4095)]
    [InlineData(1, 0)]
    public async Task One_polluter_is_found_in_at_most_two_runs_per_halving(int n, int polluter)
    {
        var candidates = Enumerable.Range(0, n).ToList();
        var result = await DeltaDebugger.MinimizeAsync<int>(
            candidates, (subset, _) => Task.FromResult(subset.Contains(polluter)), TestContext.Current.CancellationToken);
        Assert.Equal([polluter], result.Minimal);
        Assert.True(result.Runs <= (2 * Math.Log2(n)) + 2, $"{result.Runs} runs for n={n}");
    }

    [Fact]
    public async Task Two_polluters_that_only_break_the_victim_together_are_both_reported()
    {
        var candidates = Enumerable.Range(0, 100).ToList();
        var result = await DeltaDebugger.MinimizeAsync<int>(
            candidates, (subset, _) => Task.FromResult(subset.Contains(10) && subset.Contains(80)), TestContext.Current.CancellationToken);
        Assert.Equal([10, 80], result.Minimal);
    }

    [Fact]
    public async Task Either_of_two_polluters_is_enough_and_one_is_reported()
    {
        var candidates = Enumerable.Range(0, 100).ToList();
        var result = await DeltaDebugger.MinimizeAsync<int>(
            candidates, (subset, _) => Task.FromResult(subset.Contains(3) || subset.Contains(97)), TestContext.Current.CancellationToken);
        Assert.Single(result.Minimal);
        Assert.Contains(result.Minimal[0], new[] { 3, 97 });
    }

    [Fact]
    public async Task Subsets_keep_the_order_the_tests_ran_in()
    {
        var candidates = Enumerable.Range(0, 32).ToList();
        await DeltaDebugger.MinimizeAsync<int>(candidates, (subset, _) =>
        {
            Assert.Equal(subset.Order(), subset);
            return Task.FromResult(subset.Contains(5));
        }, TestContext.Current.CancellationToken);
    }
}
