using Slipway.Core.Judge;
using Slipway.Server.Metrics;
using static Slipway.Server.Tests.Metrics.Reports;

namespace Slipway.Server.Tests.Metrics;

/// <summary>The default checks read the OpenTelemetry ASP.NET Core metrics, as its Prometheus exporter names them, with no config.</summary>
public sealed class OpenTelemetryNamesTests
{
    // What OpenTelemetry.Exporter.Prometheus.AspNetCore writes for http.server.request.duration (unit s).
    private const string OpenTelemetry = """
        # TYPE http_server_request_duration_seconds histogram
        # UNIT http_server_request_duration_seconds seconds
        # HELP http_server_request_duration_seconds Duration of HTTP server requests.
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/",network_protocol_version="1.1",url_scheme="http",le="0.005"} 90
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/",network_protocol_version="1.1",url_scheme="http",le="0.01"} 95
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/",network_protocol_version="1.1",url_scheme="http",le="+Inf"} 95
        http_server_request_duration_seconds_sum{http_request_method="GET",http_response_status_code="200",http_route="/",network_protocol_version="1.1",url_scheme="http"} 0.4
        http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",http_route="/",network_protocol_version="1.1",url_scheme="http"} 95
        http_server_request_duration_seconds_bucket{http_request_method="POST",http_response_status_code="500",http_route="/users",network_protocol_version="1.1",url_scheme="http",le="0.005"} 1
        http_server_request_duration_seconds_bucket{http_request_method="POST",http_response_status_code="500",http_route="/users",network_protocol_version="1.1",url_scheme="http",le="0.01"} 5
        http_server_request_duration_seconds_bucket{http_request_method="POST",http_response_status_code="500",http_route="/users",network_protocol_version="1.1",url_scheme="http",le="+Inf"} 5
        http_server_request_duration_seconds_sum{http_request_method="POST",http_response_status_code="500",http_route="/users",network_protocol_version="1.1",url_scheme="http"} 0.04
        http_server_request_duration_seconds_count{http_request_method="POST",http_response_status_code="500",http_route="/users",network_protocol_version="1.1",url_scheme="http"} 5
        # EOF
        """;

    [Fact]
    public async Task The_default_service_checks_read_the_OpenTelemetry_histogram_and_its_status_code_label()
    {
        var store = new MetricStore();
        store.Record(Report("h1", Scraped("a", OpenTelemetry)));
        var checks = Check.Defaults.Where(c => c.Optional).ToList();

        var group = await new ScrapedMetricSource(store).SnapshotAsync("hello", ["a"], checks, TestContext.Current.CancellationToken);

        Assert.Equal(new RequestCounts(100, 5), group.Requests[Check.RequestsMetric]);
        var latency = group.Histograms[Check.LatencyMetric];
        Assert.Equal(100, latency.Count);
        Assert.Equal([91.0, 100.0, 100.0], latency.Buckets.Select(b => b.CumulativeCount));
    }

    [Fact]
    public async Task Prometheus_client_names_win_over_the_OpenTelemetry_ones_when_both_are_exposed()
    {
        var store = new MetricStore();
        store.Record(Report("h1", Scraped("a", Hello(ok: 10, errors: 0, fast: 10, sum: 0.1, greetings: 10) + OpenTelemetry.Replace("# EOF", string.Empty, StringComparison.Ordinal))));

        var group = await new ScrapedMetricSource(store).SnapshotAsync("hello", ["a"], Check.Defaults.Where(c => c.Optional).ToList(), TestContext.Current.CancellationToken);

        Assert.Equal(new RequestCounts(10, 0), group.Requests[Check.RequestsMetric]);
    }
}
