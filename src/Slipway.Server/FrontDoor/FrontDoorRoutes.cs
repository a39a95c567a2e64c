using Slipway.Agent.Protocol;
using Slipway.Server.Agents;
using Slipway.Server.Journal;

namespace Slipway.Server.FrontDoor;

/// <summary>
/// Which instances of each service take traffic: those the journal says are routed and whose agent says they listen.
/// Recomputed on every journal append and every agent report; reads are lock-free snapshots.
/// </summary>
internal sealed class FrontDoorRoutes(EventJournal journal, AgentHub agents, FrontDoorMetrics metrics)
{
    public FrontDoorMetrics Metrics => metrics;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Destination> _known = new(StringComparer.Ordinal);
    private volatile Dictionary<string, Destination[]> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _cursor = new(StringComparer.Ordinal);

    public IReadOnlyList<Destination> For(string service) =>
        _routes.TryGetValue(service, out var list) ? list : [];

    /// <summary>Picks the next destination round-robin, skipping <paramref name="exclude"/> when there is another.</summary>
    public Destination? Pick(string service, Destination? exclude = null)
    {
        var list = For(service);
        if (list.Count == 0)
        {
            return null;
        }

        int start;
        lock (_cursor)
        {
            start = _cursor.GetValueOrDefault(service);
            _cursor[service] = start + 1;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var candidate = list[(int)((uint)(start + i) % (uint)list.Count)];
            if (candidate != exclude)
            {
                return candidate;
            }
        }

        return list[0];
    }

    public void Refresh()
    {
        lock (_gate)
        {
            var (routed, fleet) = journal.Read(s => (
                s.Fleet.Instances.Where(i => s.Fleet.IsRouted(i.Id)).ToList(),
                s.Fleet.Instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal)));
            metrics.RetainOnly(fleet);
            var next = new Dictionary<string, List<Destination>>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spec in routed)
            {
                var status = agents.Status(spec.Id);
                if (status is not { State: InstanceStates.Listening, Port: { } port })
                {
                    continue;
                }

                var prefix = $"http://{status.Address}:{port}/";
                if (!_known.TryGetValue(spec.Id, out var destination) || destination.Prefix != prefix)
                {
                    destination = new Destination(spec.Id, spec.Version, prefix, metrics.For(spec.Id, spec.Service, spec.Version));
                    _known[spec.Id] = destination;
                }

                seen.Add(spec.Id);
                if (!next.TryGetValue(spec.Service, out var list))
                {
                    next[spec.Service] = list = [];
                }

                list.Add(destination);
            }

            foreach (var stale in _known.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                // Keep the object while requests are in flight so the drain can still see them.
                if (_known[stale].InFlight == 0)
                {
                    _known.Remove(stale);
                }
            }

            _routes = next.ToDictionary(p => p.Key, p => p.Value.OrderBy(d => d.InstanceId, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        }
    }

    /// <summary>Requests still in flight to the given instances (including ones no longer routed).</summary>
    public int InFlight(IEnumerable<string> instanceIds)
    {
        lock (_gate)
        {
            return instanceIds.Sum(id => _known.TryGetValue(id, out var d) ? d.InFlight : 0);
        }
    }

    /// <summary>Keeps the routes current until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var change = Task.WhenAny(journal.NextChange, agents.NextReport);
            Refresh();
            await change.WaitAsync(cancellationToken);
        }
    }
}
