namespace Slipway.Flags.Tests.Conformance;

/// <summary>
/// Finds the OpenFeature flagd-testbed beside the repository (<c>&lt;repo&gt;/../shared/conformance/flagd-testbed</c>)
/// and reads its scenarios. The testbed's files are read in place and never copied into the repository.
/// </summary>
internal static class FlagdTestbed
{
    private static readonly Lazy<IReadOnlyList<GherkinScenario>> LazyScenarios = new(Load);

    public static string Location { get; } = Locate();

    public static bool Exists => Directory.Exists(Path.Combine(Location, "evaluator", "gherkin"));

    public static string FlagsFile => Path.Combine(Location, "evaluator", "flags", "testkit-flags.json");

    public static IReadOnlyList<GherkinScenario> Scenarios => LazyScenarios.Value;

    /// <summary>Runs v2 fractional bucketing, so the v1 rows are left out.</summary>
    public static bool Include(IReadOnlyList<string> tags) => !tags.Contains("@fractional-v1");

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SLIPWAY_FLAGD_TESTBED") is { Length: > 0 } overridden)
        {
            return Path.GetFullPath(overridden);
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Slipway.slnx")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "conformance", "flagd-testbed"));
    }

    private static List<GherkinScenario> Load()
    {
        if (!Exists)
        {
            return [];
        }

        var scenarios = new List<GherkinScenario>();
        foreach (var file in Directory.GetFiles(Path.Combine(Location, "evaluator", "gherkin"), "*.feature").Order(StringComparer.Ordinal))
        {
            scenarios.AddRange(GherkinParser.Parse(Path.GetFileName(file), File.ReadAllText(file), Include));
        }

        return scenarios;
    }
}
