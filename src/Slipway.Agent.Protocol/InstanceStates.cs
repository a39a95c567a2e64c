namespace Slipway.Agent.Protocol;

/// <summary>The values of <see cref="InstanceStatusV1.State"/>.</summary>
public static class InstanceStates
{
    public const string Preparing = "preparing";
    public const string Starting = "starting";
    public const string Listening = "listening";
    public const string Backoff = "backoff";
    public const string Stopping = "stopping";
    public const string Failed = "failed";
}
