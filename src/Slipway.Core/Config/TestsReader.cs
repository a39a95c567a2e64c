using Slipway.Core.Testing;
using YamlDotNet.RepresentationModel;

namespace Slipway.Core.Config;

/// <summary>Reads the <c>tests:</c> section.</summary>
internal static class TestsReader
{
    public const int MaxShards = 64;

    public const int MaxReruns = 10;

    /// <summary>The largest seed: seeds are non-negative 31-bit numbers, so people can type them.</summary>
    public const long MaxSeed = int.MaxValue;

    private static readonly string[] Keys = ["projects", "shards", "seed", "reruns", "flaky", "timeout", "zero_tests", "run_all_on_failure"];

    private static readonly (string, FlakyPolicy)[] FlakyPolicies =
    [
        ("fail", FlakyPolicy.Fail), ("quarantine", FlakyPolicy.Quarantine),
    ];

    private static readonly (string, ZeroTestsPolicy)[] ZeroTestsPolicies =
    [
        ("fail", ZeroTestsPolicy.Fail), ("warn", ZeroTestsPolicy.Warn),
    ];

    public static TestsConfig Read(ConfigSection top)
    {
        var section = top.Section("tests", Keys, "a mapping of test runner settings");
        if (section is null)
        {
            return new TestsConfig();
        }

        return new TestsConfig
        {
            Projects = ReadProjects(section),
            Shards = section.Int("shards", 1, MaxShards),
            Seed = ReadSeed(section),
            Reruns = section.Int("reruns", 0, MaxReruns),
            Flaky = section.Choice("flaky", FlakyPolicies),
            Timeout = section.Duration("timeout", TimeSpan.FromSeconds(1)),
            ZeroTests = section.Choice("zero_tests", ZeroTestsPolicies),
            RunAllOnFailure = section.Bool("run_all_on_failure"),
        };
    }

    /// <summary><c>seed: commit</c> (the default) derives the seed from the commit; a number replays that seed's order.</summary>
    private static long? ReadSeed(ConfigSection section)
    {
        if (section.Value("seed") is YamlScalarNode { Value: "commit" })
        {
            return null;
        }

        var seed = section.Integer("seed", 0, long.MaxValue);
        if (seed > MaxSeed)
        {
            section.Reader.Error(section.Value("seed")!, section.PathOf("seed"), $"must be between 0 and {MaxSeed}, got {seed}");
            return null;
        }

        return seed;
    }

    /// <summary>One path or a list of them, each relative to the repository.</summary>
    private static IReadOnlyList<string> ReadProjects(ConfigSection section)
    {
        const string What = "a path relative to the repository";
        var value = section.Value("projects");
        IReadOnlyList<YamlNode>? items = value switch
        {
            null => [],
            YamlScalarNode => [value],
            YamlSequenceNode list => list.Children.ToList(),
            _ => null,
        };
        if (items is null)
        {
            section.Reader.Error(value!, section.PathOf("projects"), $"expected a test project path or a list of them, got {ConfigReader.Describe(value!)}");
            return [];
        }

        var projects = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var field = value is YamlSequenceNode ? ConfigReader.Path(section.PathOf("projects"), i) : section.PathOf("projects");
            if (section.ReadString(items[i], field, What) is not { } path)
            {
                continue;
            }

            if (Path.IsPathRooted(path) || path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 1 && path[1] == ':'))
            {
                section.Reader.Error(items[i], field, $"must be a path relative to the repository, got {ConfigReader.Quote(path)}");
            }
            else if (path.Split('/', '\\').Contains(".."))
            {
                section.Reader.Error(items[i], field, $"must stay inside the repository (no ..), got {ConfigReader.Quote(path)}");
            }
            else
            {
                projects.Add(path);
            }
        }

        return projects;
    }
}
