using Slipway.Core.Journal;

namespace Slipway.Core.Fleet;

/// <summary>
/// The desired fleet, projected from the journal: which instances should run, and which of them take traffic.
/// </summary>
public sealed class FleetState
{
    private readonly Dictionary<string, InstanceSpec> _instances = new(StringComparer.Ordinal);
    private readonly HashSet<string> _routed = new(StringComparer.Ordinal);

    /// <summary>Grows by one on every change, so watchers can wait for "anything newer than N".</summary>
    public long Generation { get; private set; }

    public IReadOnlyCollection<InstanceSpec> Instances => _instances.Values;

    public bool IsRouted(string instanceId) => _routed.Contains(instanceId);

    public bool TryGet(string instanceId, out InstanceSpec spec) => _instances.TryGetValue(instanceId, out spec!);

    public IEnumerable<InstanceSpec> ForService(string service) =>
        _instances.Values.Where(i => i.Service == service);

    public IEnumerable<InstanceSpec> ForHost(string host) =>
        _instances.Values.Where(i => i.Host == host);

    /// <summary>
    /// The fleet after <paramref name="e"/>, as a new state (this one is left as it was), or this one when the event
    /// does not change the fleet. Read models hand the fleet out as a snapshot.
    /// </summary>
    public FleetState With(SlipwayEvent e)
    {
        if (e is not (InstancesAdded or InstancesRouted or InstancesUnrouted or InstancesRemoved))
        {
            return this;
        }

        var next = new FleetState { Generation = Generation };
        foreach (var (id, spec) in _instances)
        {
            next._instances[id] = spec;
        }

        next._routed.UnionWith(_routed);
        next.Apply(e);
        return next;
    }

    /// <summary>Applies a fleet event; returns false for events that do not change the fleet.</summary>
    public bool Apply(SlipwayEvent e)
    {
        switch (e)
        {
            case InstancesAdded a:
                foreach (var spec in a.Instances)
                {
                    _instances[spec.Id] = spec;
                }

                break;
            case InstancesRouted r:
                foreach (var id in r.InstanceIds.Where(_instances.ContainsKey))
                {
                    _routed.Add(id);
                }

                break;
            case InstancesUnrouted u:
                foreach (var id in u.InstanceIds)
                {
                    _routed.Remove(id);
                }

                break;
            case InstancesRemoved rm:
                foreach (var id in rm.InstanceIds)
                {
                    _instances.Remove(id);
                    _routed.Remove(id);
                }

                break;
            default:
                return false;
        }

        Generation++;
        return true;
    }
}
