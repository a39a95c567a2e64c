namespace Slipway.Core.Testing;

/// <summary>
/// Splits a seeded order into shards. With recorded durations it balances by longest-processing-time
/// first (LPT: each test, longest first, goes to the least loaded shard); without any history it cuts
/// the order into contiguous, even slices. Either way each shard keeps the relative order of the one
/// seeded order, so a shard's order is derived from the seed alone plus the recorded durations.
/// </summary>
internal static class ShardPlanner
{
    public static IReadOnlyList<ShardPlan> Plan(
        IReadOnlyList<TestName> order,
        int shardCount,
        IReadOnlyDictionary<string, TimeSpan>? durations = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var count = Math.Max(1, Math.Min(shardCount, order.Count));
        var known = durations is null
            ? []
            : order.Where(t => durations.ContainsKey(t.FullName)).Select(t => durations[t.FullName]).ToList();

        return known.Count == 0 ? Even(order, count) : Balanced(order, count, durations!, Median(known));
    }

    private static List<ShardPlan> Even(IReadOnlyList<TestName> order, int count)
    {
        var shards = new List<ShardPlan>(count);
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var size = (order.Count / count) + (i < order.Count % count ? 1 : 0);
            shards.Add(new ShardPlan(i + 1, order.Skip(start).Take(size).ToList(), TimeSpan.Zero));
            start += size;
        }

        return shards;
    }

    private static List<ShardPlan> Balanced(
        IReadOnlyList<TestName> order,
        int count,
        IReadOnlyDictionary<string, TimeSpan> durations,
        TimeSpan unknown)
    {
        var position = new Dictionary<TestName, int>();
        for (var i = 0; i < order.Count; i++)
        {
            position[order[i]] = i;
        }

        TimeSpan Cost(TestName t) => durations.TryGetValue(t.FullName, out var d) ? d : unknown;

        var loads = new TimeSpan[count];
        var members = new List<TestName>[count];
        for (var i = 0; i < count; i++)
        {
            members[i] = [];
        }

        // Longest first; ties keep the seeded order so the plan is deterministic.
        foreach (var test in order.OrderByDescending(Cost).ThenBy(t => position[t]))
        {
            var target = 0;
            for (var i = 1; i < count; i++)
            {
                if (loads[i] < loads[target])
                {
                    target = i;
                }
            }

            loads[target] += Cost(test);
            members[target].Add(test);
        }

        return Enumerable.Range(0, count)
            .Select(i => new ShardPlan(i + 1, members[i].OrderBy(t => position[t]).ToList(), loads[i]))
            .ToList();
    }

    private static TimeSpan Median(List<TimeSpan> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
