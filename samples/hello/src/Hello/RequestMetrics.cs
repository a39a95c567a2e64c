using System.Globalization;
using System.Text;

namespace Hello;

/// <summary>Request counters and a latency histogram, written in the Prometheus text format by hand (no dependency).</summary>
public sealed class RequestMetrics
{
    /// <summary>Upper bounds of the latency buckets, in seconds; +Inf comes after them.</summary>
    public static readonly IReadOnlyList<double> Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, long> _requestsByCode = new() { [200] = 0, [500] = 0 };
    private readonly long[] _bucketCounts = new long[Buckets.Count];
    private long _count;
    private double _sum;
    private long _greetings;

    public void ObserveRequest(int statusCode, double seconds)
    {
        lock (_lock)
        {
            _requestsByCode[statusCode] = _requestsByCode.GetValueOrDefault(statusCode) + 1;
            for (var i = 0; i < Buckets.Count; i++)
            {
                if (seconds <= Buckets[i])
                {
                    _bucketCounts[i]++;
                }
            }

            _count++;
            _sum += seconds;
        }
    }

    public void GreetingServed() => Interlocked.Increment(ref _greetings);

    public string Render()
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            text.Append("# HELP http_requests_total Requests served, by status code (not counting /metrics and /selftest).\n");
            text.Append("# TYPE http_requests_total counter\n");
            foreach (var (code, count) in _requestsByCode)
            {
                text.Append(CultureInfo.InvariantCulture, $"http_requests_total{{code=\"{code}\"}} {count}\n");
            }

            text.Append("# HELP http_request_duration_seconds Request duration in seconds (not counting /metrics and /selftest).\n");
            text.Append("# TYPE http_request_duration_seconds histogram\n");
            for (var i = 0; i < Buckets.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_bucket{{le=\"{Format(Buckets[i])}\"}} {_bucketCounts[i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_bucket{{le=\"+Inf\"}} {_count}\n");
            text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_sum {Format(_sum)}\n");
            text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_count {_count}\n");
        }

        text.Append("# HELP greetings_served_total Greetings served by GET /.\n");
        text.Append("# TYPE greetings_served_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"greetings_served_total {Interlocked.Read(ref _greetings)}\n");
        return text.ToString();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
