using Slipway.Core.Fleet;

namespace Slipway.Agent.Protocol;

/// <summary>Agent protocol v1: the instances a host should run. <see cref="Generation"/> grows on every change.</summary>
public sealed record DesiredStateV1(long Generation, IReadOnlyList<InstanceSpec> Instances);
