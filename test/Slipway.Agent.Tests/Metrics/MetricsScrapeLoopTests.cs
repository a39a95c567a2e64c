using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Slipway.Agent.Metrics;
using Slipway.Agent.Protocol;
using Slipway.TestKit;

namespace Slipway.Agent.Tests.Metrics;

public sealed class MetricsScrapeLoopTests
{
    private const string Exposition = """
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 40
        http_requests_total{code="500"} 2
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.1"} 41
        http_request_duration_seconds_bucket{le="+Inf"} 42
        http_request_duration_seconds_sum 1.5
        http_request_duration_seconds_count 42
        this line is broken
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static MetricsScrapeLoop Loop(IReadOnlyList<InstanceStatusV1> instances, IAgentServerLink? link = null, TimeProvider? time = null, TimeSpan? interval = null) =>
        new(
            new AgentOptions { Host = "h1", DataDirectory = Path.GetTempPath(), ScrapeInterval = interval ?? TimeSpan.FromSeconds(1) },
            link ?? new CollectingLink(),
            () => instances,
            time ?? TimeProvider.System,
            NullLogger.Instance);

    [Fact]
    public async Task A_listening_instance_is_scraped_parsed_and_tagged_with_its_id_service_and_version()
    {
        await using var instance = await FakeInstance.StartAsync(Token);
        instance.Metrics = Exposition;
        using var loop = Loop([instance.Status("hello-v2-1")]);

        var report = await loop.ScrapeOnceAsync(Token);

        Assert.Equal("h1", report.Host);
        var scrape = Assert.Single(report.Instances);
        Assert.Equal(("hello-v2-1", "hello", "v2"), (scrape.InstanceId, scrape.Service, scrape.Version));
        Assert.Null(scrape.Error);
        Assert.Equal(6, scrape.Samples.Count);
        Assert.Equal(2, scrape.Samples.Single(s => s.Name == "http_requests_total" && s.Labels["code"] == "500").Value);
        Assert.Equal("histogram", scrape.Types["http_request_duration_seconds"]);
        Assert.Equal(1, scrape.SkippedLines);
    }

    [Fact]
    public async Task A_refused_connection_is_reported_as_a_failed_scrape_with_no_samples_not_as_zeros()
    {
        var closedPort = ClosedPort();
        using var loop = Loop([new InstanceStatusV1("gone-1", "hello", "v2", InstanceStates.Listening, 1, closedPort, "127.0.0.1", 0, null, null)]);

        var scrape = Assert.Single((await loop.ScrapeOnceAsync(Token)).Instances);

        Assert.Empty(scrape.Samples);
        Assert.Contains("failed", scrape.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metrics_endpoint_that_answers_500_is_a_failed_scrape()
    {
        await using var instance = await FakeInstance.StartAsync(Token);
        instance.Metrics = Exposition;
        instance.StatusCode = 500;
        using var loop = Loop([instance.Status("hello-v2-1")]);

        var scrape = Assert.Single((await loop.ScrapeOnceAsync(Token)).Instances);

        Assert.Empty(scrape.Samples);
        Assert.EndsWith("answered HTTP 500", scrape.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metrics_endpoint_that_never_answers_is_a_timed_out_scrape()
    {
        await using var instance = await FakeInstance.StartAsync(Token);
        instance.Hang = true;
        using var loop = Loop([instance.Status("hello-v2-1")], interval: TimeSpan.FromMilliseconds(300));

        var scrape = Assert.Single((await loop.ScrapeOnceAsync(Token)).Instances);

        Assert.Empty(scrape.Samples);
        Assert.Contains("timed out after 300 ms", scrape.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_that_are_not_listening_are_named_in_the_report_but_not_scraped()
    {
        await using var instance = await FakeInstance.StartAsync(Token);
        instance.Metrics = Exposition;
        using var loop = Loop([instance.Status("starting-1", InstanceStates.Starting), instance.Status("backoff-1", InstanceStates.Backoff)]);

        var report = await loop.ScrapeOnceAsync(Token);

        Assert.Equal(["not scraped: instance is starting", "not scraped: instance is backoff"], report.Instances.Select(i => i.Error));
        Assert.All(report.Instances, i => Assert.Empty(i.Samples));
    }

    [Fact]
    public async Task The_loop_sends_one_report_at_once_and_one_more_every_scrape_interval()
    {
        await using var instance = await FakeInstance.StartAsync(Token);
        instance.Metrics = "# TYPE x_total counter\nx_total 1\n";
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var link = new CollectingLink();
        using var loop = Loop([instance.Status("hello-v2-1")], link, time, TimeSpan.FromSeconds(1));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = loop.RunAsync(stop.Token);

        var first = await link.Reports.Reader.ReadAsync(Token);
        instance.Metrics = "# TYPE x_total counter\nx_total 7\n";
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await link.Reports.Reader.ReadAsync(Token);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(1, first.Instances.Single().Samples.Single().Value);
        Assert.Equal(7, second.Instances.Single().Samples.Single().Value);
        Assert.Equal(time.GetUtcNow(), second.ScrapedAt);
    }

    [Fact]
    public void NaN_and_infinite_sample_values_survive_the_json_wire_format()
    {
        var sample = new MetricSampleV1("x", new Dictionary<string, string> { ["le"] = "+Inf" }, double.NaN);
        var infinite = sample with { Value = double.PositiveInfinity };

        var json = JsonSerializer.Serialize(new[] { sample, infinite }, JsonSerializerOptions.Web);
        var back = JsonSerializer.Deserialize<MetricSampleV1[]>(json, JsonSerializerOptions.Web)!;

        Assert.True(double.IsNaN(back[0].Value));
        Assert.Equal(double.PositiveInfinity, back[1].Value);
        Assert.Equal("+Inf", back[1].Labels["le"]);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
