using Slipway.Core.Fleet;

namespace Slipway.Agent.Protocol;

/// <summary>
/// Agent protocol v1: the instances a host should run. <see cref="Generation"/> grows on every change.
/// <see cref="Secrets"/> (added in v1, absent from older servers) holds the current secret values of each service that
/// has instances on the host, by service then name: resolved when the agent asks, never part of the journaled
/// <see cref="InstanceSpec"/>. An agent gives each instance its service's secrets as environment variables.
/// </summary>
public sealed record DesiredStateV1(
    long Generation,
    IReadOnlyList<InstanceSpec> Instances,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Secrets = null);
