using System.Globalization;
using Slipway.Core.Testing;

namespace Slipway.Testing;

/// <summary>Where the order comes from: an explicit list (file or variable), a seed, or nothing.</summary>
internal sealed class OrderSource
{
    public const string OrderFileVariable = "SLIPWAY_TEST_ORDER_FILE";
    public const string OrderVariable = "SLIPWAY_TEST_ORDER";
    public const string SeedVariable = "SLIPWAY_TEST_SEED";

    private static readonly Lazy<OrderSource> FromEnvironment = new(() => Create(Environment.GetEnvironmentVariable));

    private readonly Dictionary<string, int> _methodRank = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _classRank = new(StringComparer.Ordinal);

    private OrderSource(IReadOnlyList<string>? explicitOrder, int? seed)
    {
        Seed = seed;
        IsExplicit = explicitOrder is not null;
        if (explicitOrder is null)
        {
            return;
        }

        for (var i = 0; i < explicitOrder.Count; i++)
        {
            var name = explicitOrder[i];
            _methodRank.TryAdd(name, i);
            var dot = name.LastIndexOf('.');
            if (dot > 0)
            {
                _classRank.TryAdd(name[..dot], i);
            }
        }
    }

    public static OrderSource Current => FromEnvironment.Value;

    public bool IsExplicit { get; }

    public int? Seed { get; }

    public bool IsActive => IsExplicit || Seed is not null;

    public static OrderSource Create(Func<string, string?> environment)
    {
        var file = environment(OrderFileVariable);
        if (!string.IsNullOrWhiteSpace(file))
        {
            var names = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            File.WriteAllText(file + ".ack", "slipway-order 1\n");
            return new OrderSource(names, null);
        }

        var inline = environment(OrderVariable);
        if (!string.IsNullOrWhiteSpace(inline))
        {
            return new OrderSource(inline.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), null);
        }

        var seedText = environment(SeedVariable);
        if (!string.IsNullOrWhiteSpace(seedText)
            && int.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
        {
            return new OrderSource(null, seed);
        }

        return new OrderSource(null, null);
    }

    public int ClassRank(string className) =>
        _classRank.TryGetValue(className, out var rank) ? rank : int.MaxValue;

    public int MethodRank(string className, string methodName) =>
        _methodRank.TryGetValue($"{className}.{methodName}", out var rank) ? rank : int.MaxValue;

    /// <summary>Ranks for classes under a seed: position in the seeded shuffle of the given classes.</summary>
    public Dictionary<string, int> SeededClassRanks(IEnumerable<string> classNames) =>
        TestOrder.ShuffleClasses(classNames, Seed ?? 0).Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

    public Dictionary<string, int> SeededMethodRanks(string className, IEnumerable<string> methodNames) =>
        TestOrder.ShuffleMethods(className, methodNames, Seed ?? 0).Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
}
