using System.Threading.Channels;

namespace Slipway.Server.Flags;

/// <summary>
/// One open stream's queue of frames. Bounded: a client too slow to keep up is cut off, and its SDK reconnects and
/// resyncs from a fresh snapshot, rather than the server buffering without limit.
/// </summary>
internal sealed class FlagSubscription(FlagScope scope, Action<FlagSubscription> unsubscribe) : IDisposable
{
    private const int Capacity = 1024;

    private readonly Channel<StreamFrame> _frames = Channel.CreateBounded<StreamFrame>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });

    public FlagScope Scope { get; } = scope;

    public ChannelReader<StreamFrame> Reader => _frames.Reader;

    public void Offer(StreamFrame frame)
    {
        if (!_frames.Writer.TryWrite(frame))
        {
            _frames.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        _frames.Writer.TryComplete();
        unsubscribe(this);
    }
}
