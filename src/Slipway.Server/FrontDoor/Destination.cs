namespace Slipway.Server.FrontDoor;

/// <summary>One instance the front door may send requests to, with its count of requests in flight.</summary>
internal sealed class Destination(string instanceId, string version, string prefix)
{
    private int _inFlight;

    public string InstanceId { get; } = instanceId;

    public string Version { get; } = version;

    public string Prefix { get; } = prefix;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);
}
