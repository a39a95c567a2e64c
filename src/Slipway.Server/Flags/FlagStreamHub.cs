using Slipway.Core.Journal;
using Slipway.Server.Journal;

namespace Slipway.Server.Flags;

/// <summary>
/// Fans flag changes out to open streams. Called after every journal append (in append order), it sends each new
/// version's frame to the streams of that service and environment.
/// </summary>
internal sealed class FlagStreamHub(EventJournal journal)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FlagScope, List<FlagSubscription>> _subscriptions = [];
    private readonly Dictionary<FlagScope, long> _lastSent = [];

    public int OpenStreams
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>Subscribe first, then read the snapshot: frames at or below the snapshot's version are skipped by the stream.</summary>
    public FlagSubscription Subscribe(FlagScope scope)
    {
        var subscription = new FlagSubscription(scope, Unsubscribe);
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(scope, out var list))
            {
                _subscriptions[scope] = list = [];
            }

            list.Add(subscription);
        }

        return subscription;
    }

    public void OnAppended(SlipwayEvent e)
    {
        if (e is not FlagsChanged change)
        {
            return;
        }

        var scope = new FlagScope(change.Service, change.Environment);
        lock (_gate)
        {
            var frames = journal.Read(s => s.Flags.Find(scope)?.RecentFrames.ToList() ?? []);
            if (frames.Count == 0)
            {
                return;
            }

            var after = _lastSent.TryGetValue(scope, out var last) ? last : frames[^1].Version - 1;
            var fresh = frames.Where(f => f.Version > after).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            _lastSent[scope] = fresh[^1].Version;
            if (!_subscriptions.TryGetValue(scope, out var list))
            {
                return;
            }

            foreach (var subscription in list)
            {
                foreach (var frame in fresh)
                {
                    subscription.Offer(frame);
                }
            }
        }
    }

    private void Unsubscribe(FlagSubscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscription.Scope, out var list))
            {
                list.Remove(subscription);
            }
        }
    }
}
