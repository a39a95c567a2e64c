namespace Hello.Tests;

public sealed class RequestMetricsTests
{
    [Fact]
    public void Render_writes_counters_and_a_cumulative_histogram()
    {
        var metrics = new RequestMetrics();
        metrics.ObserveRequest(200, 0.004);
        metrics.ObserveRequest(200, 0.2);
        metrics.ObserveRequest(500, 20);
        metrics.GreetingServed();

        var lines = metrics.Render().Split('\n');

        Assert.Contains("# TYPE http_requests_total counter", lines);
        Assert.Contains("http_requests_total{code=\"200\"} 2", lines);
        Assert.Contains("http_requests_total{code=\"500\"} 1", lines);
        Assert.Contains("# TYPE http_request_duration_seconds histogram", lines);
        Assert.Contains("http_request_duration_seconds_bucket{le=\"0.005\"} 1", lines);
        Assert.Contains("http_request_duration_seconds_bucket{le=\"0.1\"} 1", lines);
        Assert.Contains("http_request_duration_seconds_bucket{le=\"0.25\"} 2", lines);
        Assert.Contains("http_request_duration_seconds_bucket{le=\"10\"} 2", lines);
        Assert.Contains("http_request_duration_seconds_bucket{le=\"+Inf\"} 3", lines);
        Assert.Contains("http_request_duration_seconds_sum 20.204", lines);
        Assert.Contains("http_request_duration_seconds_count 3", lines);
        Assert.Contains("greetings_served_total 1", lines);
    }
}
