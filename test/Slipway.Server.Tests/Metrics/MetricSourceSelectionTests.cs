using Microsoft.Extensions.DependencyInjection;
using Slipway.Server.Hosting;
using Slipway.Server.Metrics;

namespace Slipway.Server.Tests.Metrics;

public sealed class MetricSourceSelectionTests
{
    [Fact]
    public async Task Setting_a_Prometheus_url_makes_Prometheus_the_metric_source()
    {
        var data = Directory.CreateTempSubdirectory("slipway-metrics-").FullName;
        try
        {
            await using var server = await SlipwayServer.StartAsync(
                new SlipwayServerOptions { DataDirectory = data, Url = "http://127.0.0.1:0", PrometheusUrl = "http://127.0.0.1:9/prom" },
                TestContext.Current.CancellationToken);

            var layered = Assert.IsType<LayeredMetricSource>(server.Services.GetRequiredService<IMetricSource>());
            Assert.IsType<FrontDoorMetricSource>(layered.FrontDoor);
            var source = Assert.IsType<PrometheusMetricSource>(layered.Further);
            Assert.Equal(new Uri("http://127.0.0.1:9/prom/"), source.Prometheus);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
