namespace Slipway.Flags.Tests.Conformance;

/// <summary>Every scenario of the OpenFeature flagd-testbed evaluator suite (v2 fractional rows), one test row each.</summary>
public sealed class FlagdTestbedConformanceTests
{
    private const string MissingRow = "flagd-testbed suite";

    private static readonly Lazy<FlagDocument> Flags = new(() => FlagDocument.ParseLenient(File.ReadAllText(FlagdTestbed.FlagsFile)));

    public static IEnumerable<TheoryDataRow<string>> Scenarios()
    {
        if (!FlagdTestbed.Exists)
        {
            yield return new TheoryDataRow<string>(MissingRow) { TestDisplayName = MissingRow };
            yield break;
        }

        foreach (var scenario in FlagdTestbed.Scenarios)
        {
            yield return new TheoryDataRow<string>(scenario.Id) { TestDisplayName = $"flagd-testbed: {scenario.DisplayName}" };
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Flagd_testbed_scenario_passes(string scenarioId)
    {
        if (!FlagdTestbed.Exists)
        {
            Assert.Skip($"flagd-testbed not found at {FlagdTestbed.Location}");
        }

        var scenario = FlagdTestbed.Scenarios.Single(s => s.Id == scenarioId);
        new ScenarioRunner(() => new FlagEvaluator(Flags.Value)).Run(scenario);
    }

    [Fact]
    public void Flagd_testbed_runs_every_v2_scenario()
    {
        if (!FlagdTestbed.Exists)
        {
            Assert.Skip($"flagd-testbed not found at {FlagdTestbed.Location}");
        }

        Assert.Equal(FlagdTestbed.Scenarios.Count, FlagdTestbed.Scenarios.Select(s => s.Id).Distinct().Count());
        Assert.DoesNotContain(FlagdTestbed.Scenarios, s => s.Tags.Contains("@fractional-v1"));
        Assert.Contains(FlagdTestbed.Scenarios, s => s.Tags.Contains("@fractional-v2"));
    }
}
