using System.Text.Json;
using System.Threading.Channels;
using Slipway.Core.Journal;
using Slipway.Server.Api;

namespace Slipway.Server.WebConsole;

/// <summary>
/// Fans journal appends out to the console's server-sent event streams (<c>GET /api/events/stream</c>). Each stream has
/// a bounded buffer: a client that falls behind loses its oldest frames and is told so (<c>lost</c>), and the page then
/// reloads what it shows, so a slow browser never holds memory or slows an append.
/// </summary>
internal sealed class JournalStreamHub
{
    public const int BufferPerClient = 256;

    private static readonly JsonSerializerOptions FrameJson = new(JsonSerializerDefaults.Web);

    /// <summary>At most this many streams at once; one more is refused with 503.</summary>
    public const int MaxStreams = 64;

    private readonly Lock _gate = new();
    private readonly List<JournalSubscription> _subscriptions = [];

    public int OpenStreams
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public JournalSubscription? TrySubscribe()
    {
        lock (_gate)
        {
            if (_subscriptions.Count >= MaxStreams)
            {
                return null;
            }

            var subscription = new JournalSubscription(this);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    internal void Remove(JournalSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>Called after every append, in append order. Exposure batches are left out: they are traffic, not news.</summary>
    public void OnAppended(SlipwayEvent e, DateTimeOffset at)
    {
        if (e is FlagEventsReceived)
        {
            return;
        }

        JournalSubscription[] targets;
        lock (_gate)
        {
            if (_subscriptions.Count == 0)
            {
                return;
            }

            targets = [.. _subscriptions];
        }

        var frame = "event: journal\ndata: " + JsonSerializer.Serialize(new JournalFrame(Journal.EventTypes.NameOf(e), e.Service, at, Views.Describe(e), EventsApi.Subject(e)), FrameJson) + "\n\n";
        foreach (var target in targets)
        {
            target.Offer(frame);
        }
    }

    private sealed record JournalFrame(string Type, string Service, DateTimeOffset At, string Text, string? Subject);
}

/// <summary>One console stream's bounded buffer of SSE frames.</summary>
internal sealed class JournalSubscription(JournalStreamHub hub) : IDisposable
{
    private readonly Channel<string> _frames = Channel.CreateBounded<string>(new BoundedChannelOptions(JournalStreamHub.BufferPerClient)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private long _lost;

    public ChannelReader<string> Reader => _frames.Reader;

    /// <summary>Frames dropped since the last call, because the client read too slowly.</summary>
    public long TakeLost() => Interlocked.Exchange(ref _lost, 0);

    public void Offer(string frame)
    {
        if (_frames.Reader.Count >= JournalStreamHub.BufferPerClient)
        {
            Interlocked.Increment(ref _lost);
        }

        _frames.Writer.TryWrite(frame);
    }

    public void Dispose()
    {
        _frames.Writer.TryComplete();
        hub.Remove(this);
    }
}
