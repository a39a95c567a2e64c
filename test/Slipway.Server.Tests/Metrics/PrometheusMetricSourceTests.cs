using Slipway.Core.Judge;
using Slipway.Server.Metrics;

namespace Slipway.Server.Tests.Metrics;

/// <summary>The Prometheus source against a real Prometheus (skipped by name where the binary is absent).</summary>
public sealed class PrometheusMetricSourceTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private PrometheusMetricSource Source
    {
        get
        {
            if (prometheus.Unavailable is { } reason)
            {
                Assert.Skip($"Skipped: {reason}.");
            }

            return prometheus.Source;
        }
    }

    [Fact]
    public async Task Prometheus_source_sums_requests_errors_latency_and_counters_of_the_chosen_instances()
    {
        var group = await Source.SnapshotAsync("hello", [PrometheusFixture.A, PrometheusFixture.B], PrometheusFixture.Checks, Token);

        Assert.Equal(2, group.Instances);
        Assert.Equal(new RequestCounts(155, 5), group.Requests[Check.RequestsMetric]);
        Assert.Equal(155, group.Counters[Check.RequestsMetric]);
        Assert.Equal(150, group.Counters["greetings_served_total"]);
        var latency = group.Histograms[Check.LatencyMetric];
        Assert.Equal([new HistogramBucket(0.1, 140), new HistogramBucket(1, 155), new HistogramBucket(double.PositiveInfinity, 155)], latency.Buckets);
        Assert.Equal(3.5, latency.Sum, 6);
        Assert.Equal(155, latency.Count);
    }

    [Fact]
    public async Task Prometheus_source_counts_only_the_instances_it_is_asked_about()
    {
        var group = await Source.SnapshotAsync("hello", [PrometheusFixture.A], PrometheusFixture.Checks, Token);

        Assert.Equal(1, group.Instances);
        Assert.Equal(new RequestCounts(105, 5), group.Requests[Check.RequestsMetric]);
    }

    [Fact]
    public async Task A_family_without_5xx_series_gives_zero_errors_from_Prometheus()
    {
        var group = await Source.SnapshotAsync("hello", [PrometheusFixture.B], PrometheusFixture.Checks, Token);

        Assert.Equal(new RequestCounts(50, 0), group.Requests[Check.RequestsMetric]);
    }

    [Fact]
    public async Task Instances_Prometheus_has_not_scraped_are_missing_series_not_zeros()
    {
        var group = await Source.SnapshotAsync("hello", ["hello-never-started"], PrometheusFixture.Checks, Token);

        Assert.Equal(0, group.Instances);
        Assert.Empty(group.Requests);
        Assert.Empty(group.Histograms);
        Assert.Empty(group.Counters);
    }

    [Fact]
    public async Task A_metric_Prometheus_has_never_seen_is_a_clear_error_not_a_pass()
    {
        var check = InstanceChecks.All[0] with { Metric = "http_requets_total" };

        var error = await Assert.ThrowsAsync<MetricSourceException>(() => Source.SnapshotAsync("hello", [PrometheusFixture.A], [check], Token));

        Assert.Contains("has no series named 'http_requets_total'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_Prometheus_rejects_is_a_clear_error_with_Prometheus_reason()
    {
        var check = InstanceChecks.All[2] with { Metric = "http_requests_total}" };

        var error = await Assert.ThrowsAsync<MetricSourceException>(() => Source.SnapshotAsync("hello", [PrometheusFixture.A], [check], Token));

        Assert.Contains("rejected the query", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad_data", error.Message, StringComparison.Ordinal);
    }
}
