using System.Globalization;
using Slipway.Agent.Protocol;
using Slipway.Core.Metrics;

namespace Slipway.Agent.Metrics;

/// <summary>
/// Scrapes one instance's <c>GET http://{address}:{port}/metrics</c> and parses it. Never throws for the
/// instance's faults: a refused connection, a timeout or a bad status comes back as <see cref="InstanceMetricsV1.Error"/>
/// with no samples, so the server never mistakes a failed scrape for zeros.
/// </summary>
internal sealed class MetricsScraper(HttpClient http, TimeProvider time)
{
    public async Task<InstanceMetricsV1> ScrapeAsync(InstanceStatusV1 instance, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.State != InstanceStates.Listening || instance.Port is not { } port)
        {
            return Failed(instance, $"not scraped: instance is {instance.State}");
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var url = new Uri($"http://{instance.Address}:{port.ToString(CultureInfo.InvariantCulture)}/metrics");
        try
        {
            using var response = await http.GetAsync(url, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(instance, $"GET {url} answered HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}");
            }

            var text = await response.Content.ReadAsStringAsync(linked.Token);
            var parsed = PrometheusTextParser.Parse(text);
            return new InstanceMetricsV1(
                instance.Id,
                instance.Service,
                instance.Version,
                time.GetUtcNow(),
                null,
                parsed.Samples.Select(s => new MetricSampleV1(s.Name, s.Labels, s.Value)).ToList(),
                parsed.Types,
                parsed.SkippedLines);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(instance, $"GET {url} timed out after {timeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");
        }
        catch (HttpRequestException ex)
        {
            return Failed(instance, $"GET {url} failed: {ex.Message}");
        }
    }

    private InstanceMetricsV1 Failed(InstanceStatusV1 instance, string error) =>
        new(instance.Id, instance.Service, instance.Version, time.GetUtcNow(), error, [], new Dictionary<string, string>(), 0);
}
