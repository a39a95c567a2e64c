using Slipway.Cli.Commands;
using Slipway.Core.Judge;
using Slipway.Server.Api;
using Slipway.Server.Immune;
using Slipway.Server.Rollouts;

namespace Slipway.Cli.Tests.Commands;

/// <summary>
/// Issue 16: "a rollout with no traffic sat in wave 1 for 2 minutes with nothing shown, then ended 'not enough data'".
/// <c>slipway status</c> shows a judged bake as it goes: counts so far against the minimum and the time left before the
/// not-enough-data policy applies, or, with data, each check's case in words.
/// </summary>
public sealed class StatusBakeTests
{
    private static readonly BakeContext Context =
        new("hello", "hello-r6", 0, "v2", "v1", ["hello-r6-1"], ["hello-r6-1"], ["hello-r6-b1"], ["hello-r5-1"], TimeSpan.FromSeconds(3), "bake: 3s");

    [Fact]
    public void A_bake_with_no_traffic_shows_its_counts_against_the_minimum_and_the_time_left()
    {
        var verdict = new SequentialJudge().Evaluate(Input(Group(0, 0), Group(0, 0), seconds: 5));

        var lines = StatusCommand.Detail(Status(BakeProgress.Of(Context, JudgeOptions.Default, verdict, null, TimeSpan.FromSeconds(5)))).ToList();

        var bake = Assert.Single(lines, l => l.StartsWith("  bake: ", StringComparison.Ordinal));
        Assert.Equal(
            "  bake: wave 1: bake extended, waiting for data: error ratio 0 vs 0 (need 100 requests each); p99 latency 0 vs 0 (need 100 requests each); throughput 0 vs 0 (need 20 events together), " +
            "5 s of 3 s bake (limit 123 s); 118 s left before the not-enough-data policy (rollback) applies",
            bake);
    }

    [Fact]
    public void A_judged_bake_says_which_case_each_check_is_in()
    {
        // 1.4% vs 0.1% errors: over the limit, not significant yet; p99 and throughput within limits.
        var verdict = new SequentialJudge().Evaluate(Input(Group(1000, 14), Group(1000, 1), seconds: 2));

        var lines = StatusCommand.Detail(Status(BakeProgress.Of(Context, JudgeOptions.Default, verdict, null, TimeSpan.FromSeconds(2)))).ToList();

        var bake = Assert.Single(lines, l => l.StartsWith("  bake: ", StringComparison.Ordinal));
        Assert.StartsWith("  bake: wave 1: baking: error ratio 1.4% vs 0.1% (+1.3 pp > 1 pp), over the limit but not significant yet: p=", bake, StringComparison.Ordinal);
        Assert.EndsWith("2 s of 3 s bake (limit 123 s)", bake);
    }

    private static JudgeInput Input(GroupSnapshot canary, GroupSnapshot baseline, double seconds) => new()
    {
        Checks = [.. Check.Defaults.Where(c => !c.Optional)],
        Canary = canary,
        Baseline = baseline,
        Elapsed = TimeSpan.FromSeconds(seconds),
        Bake = TimeSpan.FromSeconds(3),
    };

    private static GroupSnapshot Group(double requests, double errors) => new()
    {
        Instances = 1,
        Requests = new Dictionary<string, RequestCounts> { [Check.FrontDoorRequestsMetric] = new(requests, errors) },
        Histograms = new Dictionary<string, HistogramSnapshot>
        {
            [Check.FrontDoorLatencyMetric] = new([new HistogramBucket(0.005, requests * 0.5), new HistogramBucket(0.05, requests * 0.99), new HistogramBucket(double.PositiveInfinity, requests)], requests * 0.01, requests),
        },
        Counters = new Dictionary<string, double> { [Check.FrontDoorRequestsMetric] = requests },
    };

    private static ServiceStatus Status(BakeProgressView bake) => new(
        new ServiceSummary("hello", "/repos/hello", "main", "http://127.0.0.1:8080/", false, "v1", 2, new Dictionary<string, int> { ["v1"] = 1, ["v2"] = 1 }, "hello-r6", []),
        [],
        [],
        [],
        Bake: bake);
}
