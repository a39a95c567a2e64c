using System.Threading.Channels;

namespace Slipway.Sdk.Events;

/// <summary>A bounded buffer of exposures and tracked events. Adding never blocks: when full, the event is dropped and counted.</summary>
internal sealed class FlagEventBuffer
{
    private readonly Channel<BufferedEvent> _channel;
    private readonly SdkMetrics _metrics;
    private long _droppedSinceLastBatch;

    public FlagEventBuffer(int capacity, SdkMetrics metrics)
    {
        _metrics = metrics;
        _channel = Channel.CreateBounded<BufferedEvent>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public bool Enabled { get; init; } = true;

    public void Add(in BufferedEvent item)
    {
        if (!Enabled)
        {
            return;
        }

        if (!_channel.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _droppedSinceLastBatch);
            _metrics.Dropped(1);
        }
    }

    public int Count => _channel.Reader.Count;

    /// <summary>Takes up to <paramref name="max"/> buffered events.</summary>
    public List<BufferedEvent> Take(int max)
    {
        var batch = new List<BufferedEvent>(Math.Min(max, Math.Max(Count, 1)));
        while (batch.Count < max && _channel.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        return batch;
    }

    public long TakeDroppedCount() => Interlocked.Exchange(ref _droppedSinceLastBatch, 0);

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);
}
