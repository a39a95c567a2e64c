using Slipway.Core.Judge;
using Slipway.Server.Metrics;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Metrics;

/// <summary>
/// Two fake instances of "hello", served to a real Prometheus through the same HTTP service discovery and
/// prometheus.yml that Slipway documents; ready once Prometheus has scraped both. Absent a prometheus binary,
/// <see cref="Unavailable"/> says why and nothing starts.
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    public const string A = "hello-a.1";
    public const string B = "hello-b.1";

    public const string ExpositionB = """
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 50
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.1"} 50
        http_request_duration_seconds_bucket{le="1"} 50
        http_request_duration_seconds_bucket{le="+Inf"} 50
        http_request_duration_seconds_sum 1
        http_request_duration_seconds_count 50
        # TYPE greetings_served_total counter
        greetings_served_total 50

        """;

    private FakeInstance? _a;
    private FakeInstance? _b;
    private PrometheusProcess? _prometheus;
    private HttpClient? _http;

    public string? Unavailable { get; private set; }

    internal PrometheusMetricSource Source { get; private set; } = null!;

    public static IReadOnlyList<Check> Checks { get; } = [.. InstanceChecks.All, new Check { Name = "greetings", Metric = "greetings_served_total", Kind = CheckKind.CounterRate, MinimumEffect = 0.2 }];

    public async ValueTask InitializeAsync()
    {
        var binary = PrometheusProcess.FindBinary();
        if (binary is null)
        {
            Unavailable = "the prometheus binary is not installed (.ci/run installs Debian's prometheus package)";
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        _a = await FakeInstance.StartAsync(ct);
        _b = await FakeInstance.StartAsync(ct);
        _a.Metrics = Reports.Hello(ok: 100, errors: 5, fast: 90, sum: 2.5, greetings: 100);
        _b.Metrics = ExpositionB;
        _a.Targets = PrometheusTargets.For([_a.Status(A), _b.Status(B)]);
        _prometheus = await PrometheusProcess.StartAsync(binary, PrometheusConfig.For(_a.BaseAddress), ct);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Source = new PrometheusMetricSource(_http, _prometheus.Address);
        await WaitForBothScrapedAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        _http?.Dispose();
        foreach (var instance in new[] { _a, _b })
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private async Task WaitForBothScrapedAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        string last = "nothing yet";
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                var group = await Source.SnapshotAsync("hello", [A, B], Checks, deadline.Token);
                if (group.Instances == 2 && group.Requests.TryGetValue(Check.RequestsMetric, out var requests) && requests.Requests == 155
                    && group.Histograms.ContainsKey(Check.LatencyMetric) && group.Counters.ContainsKey("greetings_served_total"))
                {
                    return;
                }

                last = $"{group.Instances} instance(s) up, {group.Requests.Count} request series";
            }
            catch (MetricSourceException ex)
            {
                last = ex.Message;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(250, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"Prometheus did not scrape both instances in time ({last}). Its log:\n{_prometheus!.Log}");
    }
}
