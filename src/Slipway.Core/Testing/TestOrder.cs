namespace Slipway.Core.Testing;

/// <summary>
/// The seeded order of a run: classes shuffled, then the tests of each class shuffled, from one seed.
/// Input order does not matter: names are sorted ordinally first, so the order depends only on the
/// set of tests and the seed. Each class's tests are shuffled by a generator derived from the seed and
/// the class name, so an orderer inside the test process, which sees one class at a time, computes
/// the same order (Slipway.Testing links this file).
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

        new SeededRandom((ulong)seed).Shuffle(byClass);
        var order = new List<TestName>();
        foreach (var group in byClass)
        {
            new SeededRandom(ClassSeed(seed, group[0].ClassName)).Shuffle(group);
            order.AddRange(group);
        }

        return order;
    }

    /// <summary>Orders class names as <see cref="Shuffle"/> does.</summary>
    public static IReadOnlyList<string> ShuffleClasses(IEnumerable<string> classNames, int seed)
    {
        var classes = classNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        new SeededRandom((ulong)seed).Shuffle(classes);
        return classes;
    }

    /// <summary>Orders the method names of one class as <see cref="Shuffle"/> does.</summary>
    public static IReadOnlyList<string> ShuffleMethods(string className, IEnumerable<string> methodNames, int seed)
    {
        var methods = methodNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        new SeededRandom(ClassSeed(seed, className)).Shuffle(methods);
        return methods;
    }

    /// <summary>FNV-1a over the UTF-16 code units of the class name, mixed with the seed.</summary>
    private static ulong ClassSeed(int seed, string className)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in className)
        {
            hash = unchecked((hash ^ c) * 0x100000001B3UL);
        }

        return hash ^ ((ulong)(uint)seed << 1);
    }
}
