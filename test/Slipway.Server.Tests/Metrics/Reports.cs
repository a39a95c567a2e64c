using Slipway.Agent.Protocol;

namespace Slipway.Server.Tests.Metrics;

/// <summary>Builds agent metric reports from exposition text, as the agent would send them.</summary>
internal static class Reports
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static InstanceMetricsV1 Scraped(string id, string text, string service = "hello", double atSeconds = 0)
    {
        var parsed = Core.Metrics.PrometheusTextParser.Parse(text);
        return new InstanceMetricsV1(
            id,
            service,
            "v1",
            T0.AddSeconds(atSeconds),
            null,
            parsed.Samples.Select(s => new MetricSampleV1(s.Name, s.Labels, s.Value)).ToList(),
            parsed.Types,
            parsed.SkippedLines);
    }

    public static InstanceMetricsV1 Failed(string id, string error, string service = "hello", double atSeconds = 0) =>
        new(id, service, "v1", T0.AddSeconds(atSeconds), error, [], new Dictionary<string, string>(), 0);

    public static MetricsReportV1 Report(string host, params InstanceMetricsV1[] instances) => new(host, T0, instances);

    public static string Hello(int ok, int errors, int fast, double sum, int greetings) => $"""
        # TYPE http_requests_total counter
        http_requests_total{"{"}code="200"{"}"} {ok}
        http_requests_total{"{"}code="500"{"}"} {errors}
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{"{"}le="0.1"{"}"} {fast}
        http_request_duration_seconds_bucket{"{"}le="1"{"}"} {ok + errors}
        http_request_duration_seconds_bucket{"{"}le="+Inf"{"}"} {ok + errors}
        http_request_duration_seconds_sum {sum.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        http_request_duration_seconds_count {ok + errors}
        # TYPE greetings_served_total counter
        greetings_served_total {greetings}

        """;
}
