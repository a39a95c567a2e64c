using Slipway.Core.Judge;

namespace Slipway.Core.Tests.Judge;

public sealed class GroupSnapshotTests
{
    [Fact]
    public void Since_subtracts_the_scrape_at_the_start_of_the_bake()
    {
        var start = Snapshots.Group(1000, 10);
        var now = Snapshots.Group(1500, 12);

        var delta = now.Since(start);

        Assert.Equal(new RequestCounts(500, 2), delta.Requests[Check.FrontDoorRequestsMetric]);
        Assert.Equal(500, delta.Counters[Check.FrontDoorRequestsMetric]);
        Assert.Equal(500, delta.Histograms[Check.FrontDoorLatencyMetric].Count);
        Assert.Equal(250, delta.Histograms[Check.FrontDoorLatencyMetric].Buckets[0].CumulativeCount);
    }

    [Fact]
    public void Since_takes_a_counter_that_went_down_as_reset()
    {
        var delta = Snapshots.Group(40, 1).Since(Snapshots.Group(1000, 10));

        Assert.Equal(new RequestCounts(40, 1), delta.Requests[Check.FrontDoorRequestsMetric]);
        Assert.Equal(40, delta.Histograms[Check.FrontDoorLatencyMetric].Count);
    }

    [Fact]
    public void Since_keeps_a_missing_series_missing()
    {
        var now = Snapshots.Group(1500, 12) with { Counters = new Dictionary<string, double>() };

        Assert.Empty(now.Since(Snapshots.Group(1000, 10)).Counters);
    }
}
