using System.Diagnostics.Metrics;

namespace Slipway.Sdk;

/// <summary>The SDK's counters, on the <c>Slipway.Sdk</c> meter.</summary>
internal sealed class SdkMetrics : IDisposable
{
    public const string MeterName = "Slipway.Sdk";

    private readonly Meter _meter;
    private readonly Counter<long> _staleEvaluations;
    private readonly Counter<long> _notReadyEvaluations;
    private readonly Counter<long> _eventsDropped;
    private readonly Counter<long> _reconnects;
    private long _staleCount;
    private long _droppedCount;
    private long _reconnectCount;

    public SdkMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _staleEvaluations = _meter.CreateCounter<long>("slipway.flags.stale_evaluations", description: "Evaluations served from a configuration the SDK cannot currently refresh.");
        _notReadyEvaluations = _meter.CreateCounter<long>("slipway.flags.not_ready_evaluations", description: "Evaluations that returned the caller's default because no configuration was loaded yet.");
        _eventsDropped = _meter.CreateCounter<long>("slipway.flags.events_dropped", description: "Exposures and tracked events dropped because the buffer was full or the server refused them.");
        _reconnects = _meter.CreateCounter<long>("slipway.flags.stream_reconnects", description: "Times the flag stream was reopened.");
    }

    public long StaleEvaluations => Interlocked.Read(ref _staleCount);

    public long EventsDropped => Interlocked.Read(ref _droppedCount);

    public long Reconnects => Interlocked.Read(ref _reconnectCount);

    public void StaleEvaluation()
    {
        Interlocked.Increment(ref _staleCount);
        _staleEvaluations.Add(1);
    }

    public void NotReadyEvaluation() => _notReadyEvaluations.Add(1);

    public void Dropped(long count)
    {
        Interlocked.Add(ref _droppedCount, count);
        _eventsDropped.Add(count);
    }

    public void Reconnected()
    {
        Interlocked.Increment(ref _reconnectCount);
        _reconnects.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
