using System.Diagnostics.Metrics;

namespace Slipway.Bench.Setup;

/// <summary>
/// Every HTTP request this process makes, from .NET's own <c>http.client.request.duration</c> metric: when it ended,
/// how long it took, to which port, and its status. The self-tester's requests show how long an instance took to
/// answer its self-test, which is the service's time, not Slipway's.
/// </summary>
internal sealed class HttpRequestLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset End, double Seconds, int Port, int Status)> _requests = [];
    private readonly MeterListener _listener = new();
    private readonly TimeProvider _time;

    public HttpRequestLog(TimeProvider time)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>The last 2xx request to <paramref name="port"/> that ended at or before <paramref name="before"/>.</summary>
    public (DateTimeOffset End, double Seconds)? LastSuccess(int port, DateTimeOffset before)
    {
        lock (_lock)
        {
            for (var i = _requests.Count - 1; i >= 0; i--)
            {
                var r = _requests[i];
                if (r.Port == port && r.Status is >= 200 and < 300 && r.End <= before)
                {
                    return (r.End, r.Seconds);
                }
            }
        }

        return null;
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var port = 0;
        var status = 0;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "server.port" when tag.Value is int p:
                    port = p;
                    break;
                case "http.response.status_code" when tag.Value is int s:
                    status = s;
                    break;
            }
        }

        var end = _time.GetUtcNow();
        lock (_lock)
        {
            _requests.Add((end, seconds, port, status));
        }
    }
}
