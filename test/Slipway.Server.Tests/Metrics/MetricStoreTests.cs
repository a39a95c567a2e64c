using Slipway.Server.Metrics;
using static Slipway.Server.Tests.Metrics.Reports;

namespace Slipway.Server.Tests.Metrics;

public sealed class MetricStoreTests
{
    private readonly MetricStore _store = new();

    [Fact]
    public void The_latest_scrape_of_an_instance_replaces_the_one_before()
    {
        _store.Record(Report("h1", Scraped("a", "# TYPE x_total counter\nx_total 3\n")));
        _store.Record(Report("h1", Scraped("a", "# TYPE x_total counter\nx_total 5\n", atSeconds: 1)));

        var a = _store.Get("a")!;

        Assert.Equal(5, a.Samples.Single().Value);
        Assert.Equal(T0.AddSeconds(1), a.ScrapedAt);
    }

    [Fact]
    public void A_failed_scrape_keeps_the_last_good_samples_and_records_the_error()
    {
        _store.Record(Report("h1", Scraped("a", "# TYPE x_total counter\nx_total 3\n")));
        _store.Record(Report("h1", Failed("a", "GET http://127.0.0.1:1/metrics failed: refused", atSeconds: 1)));

        var a = _store.Get("a")!;

        Assert.Equal(3, a.Samples.Single().Value);
        Assert.Equal(T0, a.ScrapedAt);
        Assert.Equal(T0.AddSeconds(1), a.LastAttemptAt);
        Assert.StartsWith("GET http://127.0.0.1:1/metrics failed", a.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instance_that_never_scraped_has_no_scrape_time_and_no_samples()
    {
        _store.Record(Report("h1", Failed("a", "not scraped: instance is starting")));

        var a = _store.Get("a")!;

        Assert.Null(a.ScrapedAt);
        Assert.Empty(a.Samples);
    }

    [Fact]
    public void A_counter_that_drops_after_a_restart_keeps_counting_from_where_it_was()
    {
        const string Type = "# TYPE x_total counter\n# TYPE d histogram\n";
        _store.Record(Report("h1", Scraped("a", Type + "x_total 100\nd_bucket{le=\"+Inf\"} 100\nd_count 100\n")));
        _store.Record(Report("h1", Scraped("a", Type + "x_total 4\nd_bucket{le=\"+Inf\"} 4\nd_count 4\n", atSeconds: 1)));
        _store.Record(Report("h1", Scraped("a", Type + "x_total 10\nd_bucket{le=\"+Inf\"} 10\nd_count 10\n", atSeconds: 2)));

        Assert.All(_store.Get("a")!.Samples, s => Assert.Equal(110, s.Value));
    }

    [Fact]
    public void A_gauge_that_goes_down_is_taken_as_it_is()
    {
        _store.Record(Report("h1", Scraped("a", "# TYPE queue gauge\nqueue 9\nuntyped_total 9\n")));
        _store.Record(Report("h1", Scraped("a", "# TYPE queue gauge\nqueue 2\nuntyped_total 2\n", atSeconds: 1)));

        Assert.All(_store.Get("a")!.Samples, s => Assert.Equal(2, s.Value));
    }

    [Fact]
    public void An_instance_its_host_no_longer_reports_is_forgotten_but_other_hosts_are_untouched()
    {
        _store.Record(Report("h1", Scraped("a", "x 1\n"), Scraped("b", "x 1\n")));
        _store.Record(Report("h2", Scraped("c", "x 1\n")));

        _store.Record(Report("h1", Scraped("a", "x 2\n")));

        Assert.Equal(["a", "c"], _store.All.Select(i => i.InstanceId).Order());
    }

    [Fact]
    public void Instances_that_left_the_fleet_are_dropped()
    {
        _store.Record(Report("h1", Scraped("a", "x 1\n"), Scraped("b", "x 1\n")));

        _store.RetainOnly(new HashSet<string> { "b" });

        Assert.Null(_store.Get("a"));
        Assert.NotNull(_store.Get("b"));
    }
}
