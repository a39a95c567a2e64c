using System.Net;
using System.Net.Sockets;
using Slipway.Core.Judge;
using Slipway.Server.Metrics;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Metrics;

/// <summary>How the Prometheus source fails when there is no Prometheus to ask (no binary needed).</summary>
public sealed class PrometheusErrorsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unreachable_Prometheus_is_a_clear_error()
    {
        using var http = new HttpClient();
        var source = new PrometheusMetricSource(http, new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        var error = await Assert.ThrowsAsync<MetricSourceException>(() => source.SnapshotAsync("hello", ["a"], InstanceChecks.All, Token));

        Assert.StartsWith($"Prometheus at {source.Prometheus} is unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_Prometheus_is_a_clear_error()
    {
        await using var notPrometheus = await FakeInstance.StartAsync(Token);
        using var http = new HttpClient();
        var source = new PrometheusMetricSource(http, notPrometheus.BaseAddress);

        var error = await Assert.ThrowsAsync<MetricSourceException>(() => source.SnapshotAsync("hello", ["a"], InstanceChecks.All, Token));

        Assert.Contains("is not the Prometheus API", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_instances_give_an_empty_group_without_asking_Prometheus()
    {
        using var http = new HttpClient();
        var source = new PrometheusMetricSource(http, new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        var group = await source.SnapshotAsync("hello", [], InstanceChecks.All, Token);

        Assert.Equal(0, group.Instances);
        Assert.Empty(group.Requests);
    }

    [Fact]
    public void Instance_ids_are_escaped_for_the_regex_and_label_values_quoted()
    {
        var selector = PromQl.Selector("http_requests_total", "he\"llo", ["hello-a.1", "b|c"], "code=~\"5.*\"");

        Assert.Equal("http_requests_total{slipway_service=\"he\\\"llo\",slipway_instance=~\"hello-a\\\\.1|b\\\\|c\",code=~\"5.*\"}", selector);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
