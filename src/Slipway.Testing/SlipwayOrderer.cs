using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace Slipway.Testing;

/// <summary>
/// Orders collections, classes and methods by the list in <c>SLIPWAY_TEST_ORDER_FILE</c> (one
/// <c>Namespace.Class.Method</c> a line) or <c>SLIPWAY_TEST_ORDER</c>, or by the seeded shuffle of
/// <c>SLIPWAY_TEST_SEED</c>. A collection runs at the position of its earliest class; tests not in the
/// list run last in name order. Order only means something with parallelism off (<c>-parallelMode none</c>).
/// </summary>
public sealed class SlipwayOrderer : ITestCollectionOrderer, ITestClassOrderer, ITestMethodOrderer, ITestCaseOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    private readonly OrderSource _source;

    public SlipwayOrderer()
        : this(OrderSource.Current)
    {
    }

    internal SlipwayOrderer(OrderSource source) => _source = source;

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection
    {
        if (!_source.IsActive)
        {
            return DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections);
        }

        var classesOf = testCollections.ToDictionary(c => c.UniqueID, c => ClassesOf(c), StringComparer.Ordinal);
        Func<string, int> classRank = _source.IsExplicit
            ? _source.ClassRank
            : Lookup(_source.SeededClassRanks(classesOf.Values.SelectMany(c => c)));

        return testCollections
            .OrderBy(c => classesOf[c.UniqueID].Select(classRank).DefaultIfEmpty(int.MaxValue).Min())
            .ThenBy(c => c.TestCollectionDisplayName, StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyCollection<TTestClass?> OrderTestClasses<TTestClass>(IReadOnlyCollection<TTestClass?> testClasses)
        where TTestClass : ITestClass
    {
        if (!_source.IsActive)
        {
            return DefaultTestClassOrderer.Instance.OrderTestClasses(testClasses);
        }

        Func<string, int> classRank = _source.IsExplicit
            ? _source.ClassRank
            : Lookup(_source.SeededClassRanks(testClasses.Select(c => c?.TestClassName ?? string.Empty)));

        return testClasses
            .OrderBy(c => classRank(c?.TestClassName ?? string.Empty))
            .ThenBy(c => c?.TestClassName, StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyCollection<TTestMethod?> OrderTestMethods<TTestMethod>(IReadOnlyCollection<TTestMethod?> testMethods)
        where TTestMethod : ITestMethod
    {
        if (!_source.IsActive || testMethods.Count == 0)
        {
            return DefaultTestMethodOrderer.Instance.OrderTestMethods(testMethods);
        }

        var className = testMethods.FirstOrDefault(m => m is not null)?.TestClass.TestClassName ?? string.Empty;
        Func<string, int> methodRank = _source.IsExplicit
            ? m => _source.MethodRank(className, m)
            : Lookup(_source.SeededMethodRanks(className, testMethods.Select(m => m?.MethodName ?? string.Empty)));

        return testMethods
            .OrderBy(m => methodRank(m?.MethodName ?? string.Empty))
            .ThenBy(m => m?.MethodName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Rows of one theory keep xUnit's stable order.</summary>
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        DefaultTestCaseOrderer.Instance.OrderTestCases(testCases);

    private static Func<string, int> Lookup(Dictionary<string, int> ranks) =>
        name => ranks.TryGetValue(name, out var rank) ? rank : int.MaxValue;

    /// <summary>
    /// The classes of a collection: the class a per-class collection is named after, or, for a named
    /// collection, every class in the assembly whose [Collection] names it.
    /// </summary>
    internal static IReadOnlyList<string> ClassesOf(ITestCollection collection)
    {
        var name = collection.TestCollectionDisplayName;
        if (name.StartsWith(PerClassPrefix, StringComparison.Ordinal))
        {
            var rest = name[PerClassPrefix.Length..];
            var id = rest.IndexOf(" (id: ", StringComparison.Ordinal);
            return [id >= 0 ? rest[..id] : rest];
        }

        if (collection.TestAssembly is not IXunitTestAssembly assembly)
        {
            return [];
        }

        return assembly.Assembly.GetTypes()
            .Where(t => t.FullName is not null && t.GetCustomAttributesData().Any(a =>
                a.AttributeType.Name.StartsWith("CollectionAttribute", StringComparison.Ordinal)
                && a.ConstructorArguments.Count == 1
                && (Equals(a.ConstructorArguments[0].Value, name)
                    || (a.ConstructorArguments[0].Value is Type t2 && (t2.FullName == name || t2.Name == name)))))
            .Select(t => t.FullName!)
            .ToList();
    }
}
