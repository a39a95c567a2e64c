namespace Slipway.Server.FrontDoor;

/// <summary>
/// One instance the front door may send requests to, with its count of requests in flight and, when the front door
/// measures, the recorder its requests are counted in.
/// </summary>
internal sealed class Destination(string instanceId, string version, string prefix, RequestRecorder? recorder = null)
{
    private int _inFlight;

    public string InstanceId { get; } = instanceId;

    public string Version { get; } = version;

    public string Prefix { get; } = prefix;

    public RequestRecorder? Recorder { get; } = recorder;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);
}
