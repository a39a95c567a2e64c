using Slipway.Core.Testing;

namespace Slipway.Core.Tests.Testing;

public sealed class ShardPlannerTests
{
    private static List<TestName> Tests(int n) => [.. Enumerable.Range(0, n).Select(i => new TestName("Ns.C", $"T{i:D3}"))];

    [Fact]
    public void Without_history_the_order_is_cut_into_even_contiguous_slices()
    {
        var shards = ShardPlanner.Plan(Tests(10), 3);
        Assert.Equal([4, 3, 3], shards.Select(s => s.Tests.Count));
        Assert.Equal(Tests(10), shards.SelectMany(s => s.Tests));
        Assert.Equal([1, 2, 3], shards.Select(s => s.Number));
    }

    [Fact]
    public void With_history_the_longest_tests_are_spread_first_and_each_shard_keeps_the_seeded_order()
    {
        var tests = Tests(6);
        var durations = new Dictionary<string, TimeSpan>
        {
            ["Ns.C.T000"] = TimeSpan.FromSeconds(1),
            ["Ns.C.T001"] = TimeSpan.FromSeconds(10),
            ["Ns.C.T002"] = TimeSpan.FromSeconds(1),
            ["Ns.C.T003"] = TimeSpan.FromSeconds(9),
            ["Ns.C.T004"] = TimeSpan.FromSeconds(1),
            ["Ns.C.T005"] = TimeSpan.FromSeconds(1),
        };
        var shards = ShardPlanner.Plan(tests, 2, durations);
        Assert.Equal(TimeSpan.FromSeconds(12), shards[0].ExpectedDuration);
        Assert.Equal(TimeSpan.FromSeconds(11), shards[1].ExpectedDuration);
        Assert.Contains(tests[1], shards[0].Tests);
        Assert.Contains(tests[3], shards[1].Tests);
        foreach (var shard in shards)
        {
            Assert.Equal(shard.Tests.OrderBy(t => t.MethodName, StringComparer.Ordinal), shard.Tests);
        }
    }

    [Fact]
    public void Tests_without_history_count_as_the_median_recorded_duration()
    {
        var durations = new Dictionary<string, TimeSpan> { ["Ns.C.T000"] = TimeSpan.FromSeconds(4) };
        var shards = ShardPlanner.Plan(Tests(4), 2, durations);
        Assert.Equal([2, 2], shards.Select(s => s.Tests.Count));
    }

    [Fact]
    public void There_are_never_more_shards_than_tests()
    {
        Assert.Single(ShardPlanner.Plan(Tests(1), 4));
    }
}
