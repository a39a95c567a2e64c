using Slipway.Core.Metrics;

namespace Slipway.Core.Tests.Metrics;

public sealed class PrometheusTextParserTests
{
    private const string Hello = """
        # HELP http_requests_total Requests served, by status code (not counting /metrics and /selftest).
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 1027
        http_requests_total{code="500"} 3
        # HELP http_request_duration_seconds Request duration in seconds.
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.005"} 1000
        http_request_duration_seconds_bucket{le="0.01"} 1020
        http_request_duration_seconds_bucket{le="+Inf"} 1030
        http_request_duration_seconds_sum 4.25
        http_request_duration_seconds_count 1030
        # TYPE greetings_served_total counter
        greetings_served_total 1027

        """;

    [Fact]
    public void The_sample_services_exposition_parses_into_every_sample_with_its_labels()
    {
        var parsed = PrometheusTextParser.Parse(Hello);

        Assert.Equal(0, parsed.SkippedLines);
        Assert.Null(parsed.FirstProblem);
        Assert.Equal(8, parsed.Samples.Count);
        var errors = Assert.Single(parsed.Samples, s => s.Name == "http_requests_total" && s.Labels["code"] == "500");
        Assert.Equal(3, errors.Value);
        var inf = Assert.Single(parsed.Samples, s => s.Name == "http_request_duration_seconds_bucket" && s.Labels["le"] == "+Inf");
        Assert.Equal(1030, inf.Value);
        Assert.Empty(parsed.Samples.Single(s => s.Name == "greetings_served_total").Labels);
        Assert.Equal("histogram", parsed.Types["http_request_duration_seconds"]);
        Assert.Equal("counter", parsed.Types["http_requests_total"]);
    }

    [Fact]
    public void Label_values_unescape_backslash_quote_and_newline()
    {
        var parsed = PrometheusTextParser.Parse("msg_total{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",text=\"a\\nb\"} 1\n");

        var sample = Assert.Single(parsed.Samples);
        Assert.Equal(@"C:\dir", sample.Labels["path"]);
        Assert.Equal("say \"hi\"", sample.Labels["quote"]);
        Assert.Equal("a\nb", sample.Labels["text"]);
    }

    [Fact]
    public void Braces_commas_and_hashes_inside_label_values_do_not_end_the_labels()
    {
        var parsed = PrometheusTextParser.Parse("x{a=\"}{,# 1\" , b=\"2\",} 5\n");

        var sample = Assert.Single(parsed.Samples);
        Assert.Equal("}{,# 1", sample.Labels["a"]);
        Assert.Equal("2", sample.Labels["b"]);
        Assert.Equal(5, sample.Value);
    }

    [Theory]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("1e3", 1000)]
    [InlineData("-0.5", -0.5)]
    [InlineData("0", 0)]
    public void Special_and_scientific_values_are_read_as_Prometheus_writes_them(string text, double expected)
    {
        var sample = Assert.Single(PrometheusTextParser.Parse($"x {text}\n").Samples);

        Assert.Equal(expected, sample.Value);
    }

    [Fact]
    public void NaN_is_kept_as_NaN_and_not_turned_into_zero()
    {
        var sample = Assert.Single(PrometheusTextParser.Parse("x NaN\n").Samples);

        Assert.True(double.IsNaN(sample.Value));
    }

    [Fact]
    public void A_timestamp_is_optional_and_read_in_milliseconds()
    {
        var parsed = PrometheusTextParser.Parse("a 1 1712345678901\nb{x=\"y\"} 2\n");

        Assert.Equal(1712345678901, parsed.Samples[0].TimestampMs);
        Assert.Null(parsed.Samples[1].TimestampMs);
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_counted_while_the_rest_is_read()
    {
        const string text = """
            good_total 1
            bad value
            unclosed{a="b 1
            noquote{a=b} 1
            badescape{a="\q"} 1
            twice{a="1",a="2"} 1
            {a="b"} 1
            trailing 1 2 3
            # TYPE
            also_good_total{code="500"} 2

            """;

        var parsed = PrometheusTextParser.Parse(text);

        Assert.Equal(["good_total", "also_good_total"], parsed.Samples.Select(s => s.Name));
        Assert.Equal(8, parsed.SkippedLines);
        Assert.StartsWith("line 2:", parsed.FirstProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_blank_lines_carriage_returns_and_exemplars_are_ignored()
    {
        var parsed = PrometheusTextParser.Parse("# a plain comment\r\n\r\n# EOF\r\nx_total 3 # {trace_id=\"abc\"} 1\r\n");

        Assert.Equal(0, parsed.SkippedLines);
        Assert.Equal(3, Assert.Single(parsed.Samples).Value);
    }

    [Fact]
    public void An_empty_exposition_gives_no_samples_and_no_problems()
    {
        var parsed = PrometheusTextParser.Parse("");

        Assert.Empty(parsed.Samples);
        Assert.Equal(0, parsed.SkippedLines);
    }

    [Theory]
    [InlineData("http_requests_total", true)]
    [InlineData("http_request_duration_seconds_bucket", true)]
    [InlineData("http_request_duration_seconds_sum", true)]
    [InlineData("http_request_duration_seconds_count", true)]
    [InlineData("requests_total", true)]
    [InlineData("temperature", false)]
    [InlineData("untyped_total", false)]
    public void Counters_and_histogram_parts_are_cumulative_but_gauges_and_untyped_samples_are_not(string sample, bool cumulative)
    {
        var types = new Dictionary<string, string>
        {
            ["http_requests_total"] = "counter",
            ["http_request_duration_seconds"] = "histogram",
            ["requests"] = "counter",
            ["temperature"] = "gauge",
        };

        Assert.Equal(cumulative, CumulativeSeries.IsCumulative(sample, types));
    }
}
