using System.Collections.Concurrent;

namespace Slipway.Server.FrontDoor;

/// <summary>
/// The front door's per-request measurements, one <see cref="RequestRecorder"/> per instance (so per release, since an
/// instance runs one version). Memory is bounded by the fleet: a recorder is made when an instance is first routed and
/// forgotten when it leaves the fleet. <see cref="Enabled"/> false turns recording off (for the bench's comparison).
/// </summary>
internal sealed class FrontDoorMetrics
{
    private readonly ConcurrentDictionary<string, RequestRecorder> _recorders = new(StringComparer.Ordinal);

    private volatile bool _enabled = true;

    /// <summary>Whether requests are recorded; read once per request, so the bench can switch it on a running front door.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public RequestRecorder For(string instanceId, string service, string version) =>
        _recorders.GetOrAdd(instanceId, id => new RequestRecorder(id, service, version));

    public RequestRecorder? Get(string instanceId) => _recorders.GetValueOrDefault(instanceId);

    public IReadOnlyCollection<RequestRecorder> All => [.. _recorders.Values];

    /// <summary>Forgets every instance not in <paramref name="fleet"/>, except those with requests still in flight.</summary>
    public void RetainOnly(IReadOnlySet<string> fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        foreach (var (id, recorder) in _recorders)
        {
            if (!fleet.Contains(id) && recorder.InFlight == 0)
            {
                _recorders.TryRemove(id, out _);
            }
        }
    }
}
