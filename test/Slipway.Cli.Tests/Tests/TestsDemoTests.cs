using System.Text.RegularExpressions;
using Slipway.Cli.Demo;
using Slipway.Core.Testing;

namespace Slipway.Cli.Tests.Tests;

/// <summary>The tests demo's repository, without running the demo: its test list, and the commit it picks to expose the coupling.</summary>
public sealed partial class TestsDemoTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "slipway-demo-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Demo_commit_is_stamped_until_its_seed_runs_the_polluter_before_the_victim_in_one_shard()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await PricingRepository.CreateAsync(PricingRepository.FindSlipwaySource(), _folder, ct);
        var sha = await repo.CommitAsync("v1", ct);

        var (exposing, _) = await PricingRepository.ExposeAsync(repo, sha, ct);

        var seed = TestSeed.FromCommitSha(exposing);
        var shard = Assert.Single(
            ShardPlanner.Plan(TestOrder.Shuffle(PricingRepository.Tests, seed), PricingRepository.Shards),
            s => s.Tests.Any(t => t.FullName == PricingRepository.Victim));
        var names = shard.Tests.Select(t => t.FullName).ToList();
        Assert.InRange(names.IndexOf(PricingRepository.Polluter), 0, names.IndexOf(PricingRepository.Victim) - 1);
        Assert.True(File.Exists(Path.Combine(_folder, "lib", "Slipway.Testing", "Slipway.Testing.csproj")));
        Assert.True(File.Exists(Path.Combine(_folder, "lib", "Slipway.Core", "Testing", "TestOrder.cs")));
    }

    [Fact]
    public async Task Demo_test_list_matches_the_facts_in_its_test_file_and_the_fix_applies()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = await PricingRepository.CreateAsync(PricingRepository.FindSlipwaySource(), _folder, ct);
        var source = await File.ReadAllTextAsync(Path.Combine(_folder, PricingRepository.TestsFile), ct);

        var facts = new List<string>();
        string? current = null;
        foreach (var line in source.Split('\n'))
        {
            if (ClassLine().Match(line) is { Success: true } c)
            {
                current = c.Groups[1].Value;
            }
            else if (FactLine().Match(line) is { Success: true } m)
            {
                facts.Add($"Pricing.Tests.{current}.{m.Groups[1].Value}");
            }
        }

        Assert.Equal(PricingRepository.Tests.Select(t => t.FullName).Order(StringComparer.Ordinal), facts.Order(StringComparer.Ordinal));
        repo.Replace(PricingRepository.TestsFile, PricingRepository.Coupled, PricingRepository.Decoupled);
        Assert.Contains("public void Dispose() => PricingMode.Current = PriceMode.Default;", await File.ReadAllTextAsync(Path.Combine(_folder, PricingRepository.TestsFile), ct), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^public sealed class (\w+)")]
    private static partial Regex ClassLine();

    [GeneratedRegex(@"^\s+public void (\w+)\(\)")]
    private static partial Regex FactLine();
}
