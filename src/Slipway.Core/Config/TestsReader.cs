namespace Slipway.Core.Config;

/// <summary>Reads the <c>tests:</c> section.</summary>
internal static class TestsReader
{
    public const int MaxShards = 64;

    public const int MaxReruns = 10;

    private static readonly string[] Keys = ["shards", "seed", "reruns", "flaky", "timeout", "zero_tests"];

    private static readonly (string, FlakyTestPolicy)[] FlakyPolicies =
    [
        ("fail", FlakyTestPolicy.Fail), ("quarantine", FlakyTestPolicy.Quarantine),
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
            Shards = section.Int("shards", 1, MaxShards),
            Seed = section.Integer("seed", 0, long.MaxValue),
            Reruns = section.Int("reruns", 0, MaxReruns),
            Flaky = section.Choice("flaky", FlakyPolicies),
            Timeout = section.Duration("timeout", TimeSpan.FromSeconds(1)),
            ZeroTests = section.Choice("zero_tests", ZeroTestsPolicies),
        };
    }
}
