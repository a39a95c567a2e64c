using Slipway.Core.Delivery;
using Slipway.Core.Journal;

namespace Slipway.Core.Tests.Delivery;

public sealed class DoraCalculatorTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// hello: a promoted after 300 s; b rolled back in a wave (detected to restored: 30 s); c promoted after 600 s, then
    /// its watch window failed and the previous release was promoted again 60 s later (a redeploy, not a change).
    /// shop: d promoted after 120 s on the next day. And one change before the window, which does not count.
    /// </summary>
    private static List<(DateTimeOffset, SlipwayEvent)> Journal()
    {
        var j = new List<(DateTimeOffset, SlipwayEvent)>();
        void At(double seconds, SlipwayEvent e) => j.Add((Day0.AddSeconds(seconds), e));
        At(-7200, new CommitDetected("hello", "old", "before the window"));
        At(-7000, Started("hello", "r0", "old", "push"));
        At(-6900, new RolloutPromoted("hello", "r0", "old"));
        At(0, new CommitDetected("hello", "a", "a"));
        At(60, Started("hello", "r1", "a", "push"));
        At(300, new RolloutPromoted("hello", "r1", "a"));
        At(3600, new CommitDetected("hello", "b", "b"));
        At(3650, Started("hello", "r2", "b", "push"));
        At(3700, new RollbackRequested("hello", "r2", "immune", "error ratio up", null));
        At(3730, new RolloutRolledBack("hello", "r2", "b", "immune"));
        At(7200, new CommitDetected("hello", "c", "c"));
        At(7300, Started("hello", "r3", "c", "manual"));
        At(7800, new RolloutPromoted("hello", "r3", "c"));
        At(7900, new WatchFailed("hello", "r3", "c", "latency up", null));
        At(7910, Started("hello", "r4", "a", "watch"));
        At(7960, new RolloutPromoted("hello", "r4", "a"));
        At(86400, new CommitDetected("shop", "d", "d"));
        At(86450, Started("shop", "s1", "d", "push"));
        At(86520, new RolloutPromoted("shop", "s1", "d"));
        return j;
    }

    private static RolloutStarted Started(string service, string id, string version, string trigger) =>
        new(service, id, version, "digest", null, null, 2, [1, 1], [], trigger, "bake: 1s", null);

    [Fact]
    public void The_four_figures_come_from_promotions_rollbacks_failed_watches_and_restores_in_the_window()
    {
        var report = DoraCalculator.Compute(Journal(), Day0, Day0.AddDays(2));

        var all = report.Overall;
        Assert.Equal(3, all.Deployments);
        Assert.Equal(1.5, all.DeploymentsPerDay);
        Assert.Equal(300, all.LeadTimeMedianSeconds);
        Assert.Equal(540, all.LeadTimeP90Seconds);
        Assert.Equal(4, all.Changes);
        Assert.Equal(2, all.FailedChanges);
        Assert.Equal(0.5, all.ChangeFailureRate);
        Assert.Equal(2, all.Restores);
        Assert.Equal(45, all.TimeToRestoreMedianSeconds);
    }

    [Fact]
    public void Each_service_gets_its_own_figures_and_each_day_its_counts()
    {
        var report = DoraCalculator.Compute(Journal(), Day0, Day0.AddDays(2));

        Assert.Equal(["hello", "shop"], report.Services.Keys);
        var hello = report.Services["hello"];
        Assert.Equal(2, hello.Deployments);
        Assert.Equal(450, hello.LeadTimeMedianSeconds);
        Assert.Equal(3, hello.Changes);
        Assert.Equal(0.6667, hello.ChangeFailureRate);
        Assert.Equal(120, report.Services["shop"].LeadTimeMedianSeconds);
        Assert.Null(report.Services["shop"].TimeToRestoreMedianSeconds);
        Assert.Equal(
            [(new DateOnly(2026, 1, 10), 2, 2), (new DateOnly(2026, 1, 11), 1, 0)],
            report.Days.Select(d => (d.Day, d.Deployments, d.FailedChanges)));
    }

    [Fact]
    public void A_journal_with_nothing_in_the_window_has_no_rates_rather_than_zeros()
    {
        var report = DoraCalculator.Compute(Journal(), Day0.AddDays(10), Day0.AddDays(11));

        Assert.Equal(0, report.Overall.Deployments);
        Assert.Null(report.Overall.ChangeFailureRate);
        Assert.Null(report.Overall.LeadTimeMedianSeconds);
        Assert.Empty(report.Services);
        Assert.Single(report.Days);
    }
}
