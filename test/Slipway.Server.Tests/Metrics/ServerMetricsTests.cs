using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Agent;
using Slipway.Agent.Metrics;
using Slipway.Agent.Protocol;
using Slipway.Core.Fleet;
using Slipway.Core.Journal;
using Slipway.Core.Judge;
using Slipway.Server.Hosting;
using Slipway.Server.Metrics;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Metrics;

/// <summary>The whole embedded path: a real instance, the agent's scrape loop, agent protocol v1 over HTTP, the server's store and source.</summary>
public sealed class ServerMetricsTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("slipway-metrics-").FullName;
    private SlipwayServer? _server;
    private HttpClient? _http;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SlipwayServer Server => _server!;

    private HttpClient Http => _http!;

    public async ValueTask InitializeAsync()
    {
        _server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = _data, Url = "http://127.0.0.1:0" }, Token);
        _http = Slipway.TestKit.BearerHandler.Client(_server.Address, _data);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }

    private Task AddToFleetAsync(params string[] ids) =>
        Server.Journal.AppendAsync(
            new InstancesAdded("hello", ids.Select(id => new InstanceSpec(id, "hello", "v1", new string('0', 64), "h1", "true", new Dictionary<string, string>(), 1)).ToList()),
            Token);

    [Fact]
    public async Task Samples_scraped_by_the_agent_reach_the_servers_metric_source_over_http()
    {
        await AddToFleetAsync("hello-1");
        await using var instance = await FakeInstance.StartAsync(Token);
        instance.Metrics = Reports.Hello(ok: 95, errors: 5, fast: 90, sum: 4, greetings: 95);
        var link = new HttpAgentServerLink(Http);
        using var loop = new MetricsScrapeLoop(new AgentOptions { Host = "h1", DataDirectory = _data }, link, () => [instance.Status("hello-1")], TimeProvider.System, NullLogger.Instance);

        await link.ReportMetricsAsync(await loop.ScrapeOnceAsync(Token), Token);
        var group = await Server.Services.GetRequiredService<IMetricSource>().SnapshotAsync("hello", ["hello-1"], InstanceChecks.All, Token);

        Assert.IsType<ScrapedMetricSource>(Assert.IsType<LayeredMetricSource>(Server.Services.GetRequiredService<IMetricSource>()).Further);
        Assert.Equal(1, group.Instances);
        Assert.Equal(new RequestCounts(100, 5), group.Requests[Check.RequestsMetric]);
        Assert.Equal(100, group.Histograms[Check.LatencyMetric].Count);
    }

    [Fact]
    public async Task A_report_about_an_instance_outside_the_fleet_is_not_kept()
    {
        await AddToFleetAsync("hello-1");

        await new HttpAgentServerLink(Http).ReportMetricsAsync(Reports.Report("h1", Reports.Scraped("hello-1", "x 1\n"), Reports.Scraped("ghost", "x 1\n")), Token);

        var store = Server.Services.GetRequiredService<MetricStore>();
        Assert.Equal(["hello-1"], store.All.Select(i => i.InstanceId));
    }

    [Fact]
    public async Task A_NaN_sample_travels_to_the_server_as_NaN()
    {
        await AddToFleetAsync("hello-1");

        await new HttpAgentServerLink(Http).ReportMetricsAsync(Reports.Report("h1", Reports.Scraped("hello-1", "x NaN\n")), Token);

        Assert.True(double.IsNaN(Server.Services.GetRequiredService<MetricStore>().Get("hello-1")!.Samples.Single().Value));
    }

    [Fact]
    public async Task The_targets_endpoint_lists_listening_instances_in_Prometheus_http_sd_format()
    {
        var link = new HttpAgentServerLink(Http);
        await link.ReportAsync(
            new AgentReportV1("h1", [
                new InstanceStatusV1("hello-1", "hello", "v1", InstanceStates.Listening, 10, 41001, "127.0.0.1", 0, null, null),
                new InstanceStatusV1("hello-2", "hello", "v2", InstanceStates.Starting, 11, 41002, "127.0.0.1", 0, null, null),
            ]),
            Token);

        using var response = await Http.GetAsync(new Uri("api/prometheus/v1/targets", UriKind.Relative), Token);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var group = Assert.Single(json.EnumerateArray());
        Assert.Equal(["127.0.0.1:41001"], group.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var labels = group.GetProperty("labels");
        Assert.Equal("hello-1", labels.GetProperty("slipway_instance").GetString());
        Assert.Equal("hello", labels.GetProperty("slipway_service").GetString());
        Assert.Equal("v1", labels.GetProperty("slipway_version").GetString());
    }
}
