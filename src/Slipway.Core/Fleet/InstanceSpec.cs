namespace Slipway.Core.Fleet;

/// <summary>
/// Everything an agent needs to run one instance: which artifact, how to start it, how long to wait when stopping it.
/// </summary>
public sealed record InstanceSpec(
    string Id,
    string Service,
    string Version,
    string ArtifactDigest,
    string Host,
    string Run,
    IReadOnlyDictionary<string, string> Env,
    double StopTimeoutSeconds);
