namespace Slipway.Core.Testing;

/// <summary>
/// The seeded order of a run: classes shuffled, then the tests of each class shuffled, from one seed.
/// Input order does not matter: names are sorted ordinally first, so the order depends only on the
/// set of tests and the seed.
/// </summary>
internal static class TestOrder
{
    public static IReadOnlyList<TestName> Shuffle(IEnumerable<TestName> tests, int seed)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var byClass = tests
            .Distinct()
            .GroupBy(t => t.ClassName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(t => t.MethodName, StringComparer.Ordinal).ToList())
            .ToList();

        var random = new SeededRandom((ulong)seed);
        random.Shuffle(byClass);
        var order = new List<TestName>();
        foreach (var group in byClass)
        {
            random.Shuffle(group);
            order.AddRange(group);
        }

        return order;
    }
}
