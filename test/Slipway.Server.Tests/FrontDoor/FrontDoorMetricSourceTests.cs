using Slipway.Core.Judge;
using Slipway.Server.FrontDoor;
using Slipway.Server.Metrics;

namespace Slipway.Server.Tests.FrontDoor;

public sealed class FrontDoorMetricSourceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_errors_and_latency_are_summed_over_the_given_instances_of_the_service()
    {
        var metrics = new FrontDoorMetrics();
        Serve(metrics.For("a", "hello", "v2"), ok: 95, failed: 5, TimeSpan.FromMilliseconds(3));
        Serve(metrics.For("b", "hello", "v2"), ok: 100, failed: 0, TimeSpan.FromMilliseconds(40));
        Serve(metrics.For("c", "other", "v1"), ok: 1000, failed: 1000, TimeSpan.FromMilliseconds(1));

        var group = await new FrontDoorMetricSource(metrics).SnapshotAsync("hello", ["a", "b", "c"], Check.Defaults, Token);

        Assert.Equal(new RequestCounts(200, 5), group.Requests[Check.FrontDoorRequestsMetric]);
        Assert.Equal(200, group.Counters[Check.FrontDoorRequestsMetric]);
        var latency = group.Histograms[Check.FrontDoorLatencyMetric];
        Assert.Equal(200, latency.Count);
        Assert.Equal(100, HistogramCount(latency, 0.004));
        Assert.Equal(200, HistogramCount(latency, 0.05));
        Assert.Equal(0.1 * 3 + 0.1 * 40, latency.Sum, 6);
        Assert.DoesNotContain(Check.RequestsMetric, group.Requests.Keys);
    }

    [Fact]
    public async Task An_instance_not_routed_yet_counts_zero_requests_rather_than_a_missing_series()
    {
        var group = await new FrontDoorMetricSource(new FrontDoorMetrics()).SnapshotAsync("hello", ["new-1"], Check.Defaults, Token);

        Assert.Equal(new RequestCounts(0, 0), group.Requests[Check.FrontDoorRequestsMetric]);
        Assert.Equal(1, group.Instances);
    }

    [Fact]
    public void A_request_that_got_no_answer_is_an_error_and_a_retried_attempt_is_not_a_request()
    {
        var recorder = new RequestRecorder("a", "hello", "v2");
        recorder.Begin();
        recorder.End(0, TimeSpan.FromMilliseconds(1));
        recorder.Begin();
        recorder.Abandon();
        recorder.Begin();

        var snapshot = recorder.Snapshot();

        Assert.Equal(1, snapshot.Requests);
        Assert.Equal(1, snapshot.Errors);
        Assert.Equal(1, snapshot.InFlight);
    }

    [Fact]
    public void Instances_that_leave_the_fleet_are_forgotten_so_memory_stays_bounded()
    {
        var metrics = new FrontDoorMetrics();
        metrics.For("a", "hello", "v1");
        metrics.For("b", "hello", "v1").Begin();
        metrics.For("c", "hello", "v1");

        metrics.RetainOnly(new HashSet<string>(["c"], StringComparer.Ordinal));

        Assert.Null(metrics.Get("a"));
        Assert.NotNull(metrics.Get("b"));
        Assert.NotNull(metrics.Get("c"));
    }

    private static void Serve(RequestRecorder recorder, int ok, int failed, TimeSpan duration)
    {
        for (var i = 0; i < ok + failed; i++)
        {
            recorder.Begin();
            recorder.End(i < ok ? 200 : 503, duration);
        }
    }

    private static double HistogramCount(HistogramSnapshot histogram, double bound) =>
        histogram.Buckets.Where(b => b.UpperBound <= bound).Select(b => b.CumulativeCount).DefaultIfEmpty(0).Max();
}
