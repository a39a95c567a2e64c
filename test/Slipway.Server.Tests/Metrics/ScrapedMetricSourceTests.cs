using Slipway.Core.Judge;
using Slipway.Server.Metrics;
using static Slipway.Server.Tests.Metrics.Reports;

namespace Slipway.Server.Tests.Metrics;

public sealed class ScrapedMetricSourceTests
{
    private readonly MetricStore _store = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Task<GroupSnapshot> SnapshotAsync(params string[] ids) =>
        new ScrapedMetricSource(_store).SnapshotAsync("hello", ids, InstanceChecks.All.Append(Greetings).ToList(), Token);

    private static Check Greetings => new()
    {
        Name = "greetings",
        Metric = "greetings_served_total",
        Kind = CheckKind.CounterRate,
        Bad = BadDirection.Decrease,
        MinimumEffect = 0.2,
    };

    [Fact]
    public async Task Requests_and_5xx_errors_are_summed_over_codes_and_instances()
    {
        _store.Record(Report("h1", Scraped("a", Hello(ok: 100, errors: 5, fast: 90, sum: 2.5, greetings: 100)), Scraped("b", Hello(ok: 50, errors: 1, fast: 50, sum: 1, greetings: 50))));

        var group = await SnapshotAsync("a", "b");

        Assert.Equal(2, group.Instances);
        Assert.Equal(new RequestCounts(156, 6), group.Requests[Check.RequestsMetric]);
        Assert.Equal(156, group.Counters[Check.RequestsMetric]);
        Assert.Equal(150, group.Counters["greetings_served_total"]);
    }

    [Fact]
    public async Task Latency_buckets_are_summed_by_bound_in_ascending_order_with_Inf_sum_and_count()
    {
        _store.Record(Report("h1", Scraped("a", Hello(ok: 100, errors: 5, fast: 90, sum: 2.5, greetings: 0)), Scraped("b", Hello(ok: 50, errors: 1, fast: 50, sum: 1, greetings: 0))));

        var histogram = (await SnapshotAsync("a", "b")).Histograms[Check.LatencyMetric];

        Assert.Equal([new HistogramBucket(0.1, 140), new HistogramBucket(1, 156), new HistogramBucket(double.PositiveInfinity, 156)], histogram.Buckets);
        Assert.Equal(3.5, histogram.Sum);
        Assert.Equal(156, histogram.Count);
    }

    [Fact]
    public async Task A_family_with_no_5xx_series_yet_gives_a_real_zero_error_count()
    {
        _store.Record(Report("h1", Scraped("a", "# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 7\nhttp_requests_total{code=\"404\"} 3\n")));

        var group = await SnapshotAsync("a");

        Assert.Equal(new RequestCounts(10, 0), group.Requests[Check.RequestsMetric]);
    }

    [Fact]
    public async Task Families_no_instance_exposes_are_left_out_and_never_zero()
    {
        _store.Record(Report("h1", Scraped("a", "# TYPE other_total counter\nother_total 7\n")));

        var group = await SnapshotAsync("a");

        Assert.Equal(1, group.Instances);
        Assert.Empty(group.Requests);
        Assert.Empty(group.Histograms);
        Assert.Empty(group.Counters);
    }

    [Fact]
    public async Task Instances_without_a_successful_scrape_add_nothing_and_are_not_counted()
    {
        _store.Record(Report("h1", Scraped("a", Hello(ok: 10, errors: 0, fast: 10, sum: 0.1, greetings: 10)), Failed("b", "refused")));

        var group = await SnapshotAsync("a", "b", "unknown");

        Assert.Equal(1, group.Instances);
        Assert.Equal(new RequestCounts(10, 0), group.Requests[Check.RequestsMetric]);
    }

    [Fact]
    public async Task No_scraped_instance_gives_zero_instances_and_no_series()
    {
        var group = await SnapshotAsync("a");

        Assert.Equal(0, group.Instances);
        Assert.Empty(group.Requests);
    }

    [Fact]
    public async Task An_instance_of_another_service_is_not_summed_in()
    {
        _store.Record(Report("h1", Scraped("a", Hello(ok: 10, errors: 0, fast: 10, sum: 0.1, greetings: 10)), Scraped("x", Hello(ok: 99, errors: 9, fast: 9, sum: 9, greetings: 9), service: "other")));

        var group = await SnapshotAsync("a", "x");

        Assert.Equal(1, group.Instances);
        Assert.Equal(new RequestCounts(10, 0), group.Requests[Check.RequestsMetric]);
    }

    [Fact]
    public async Task A_histogram_without_count_takes_its_count_from_the_Inf_bucket()
    {
        _store.Record(Report("h1", Scraped("a", "d_bucket{le=\"0.5\"} 3\nd_bucket{le=\"+Inf\"} 4\n")));
        var check = InstanceChecks.All[1] with { Metric = "d" };

        var group = await new ScrapedMetricSource(_store).SnapshotAsync("hello", ["a"], [check], Token);

        Assert.Equal(4, group.Histograms["d"].Count);
    }

    [Fact]
    public async Task Snapshots_taken_a_bake_apart_give_the_judge_the_increase()
    {
        _store.Record(Report("h1", Scraped("a", Hello(ok: 100, errors: 1, fast: 100, sum: 1, greetings: 100))));
        var start = await SnapshotAsync("a");
        _store.Record(Report("h1", Scraped("a", Hello(ok: 300, errors: 21, fast: 300, sum: 3, greetings: 300), atSeconds: 5)));

        var increase = (await SnapshotAsync("a")).Since(start);

        Assert.Equal(new RequestCounts(220, 20), increase.Requests[Check.RequestsMetric]);
        Assert.Equal(220, increase.Histograms[Check.LatencyMetric].Count);
    }
}
