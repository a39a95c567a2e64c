namespace Slipway.Agent.Protocol;

/// <summary>
/// Agent protocol v1: one instance as the agent sees it. <see cref="State"/> is one of
/// <c>preparing</c>, <c>starting</c>, <c>listening</c>, <c>backoff</c>, <c>stopping</c>, <c>failed</c>.
/// </summary>
public sealed record InstanceStatusV1(
    string Id,
    string Service,
    string Version,
    string State,
    int? Pid,
    int? Port,
    string Address,
    int Restarts,
    int? LastExitCode,
    string? Message);
