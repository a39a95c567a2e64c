namespace Slipway.Agent.Protocol;

/// <summary>
/// Agent protocol v1: one instance as the agent sees it. <see cref="State"/> is one of
/// <c>preparing</c>, <c>starting</c>, <c>listening</c>, <c>backoff</c>, <c>stopping</c>, <c>failed</c>.
/// <see cref="OutputTail"/> (added later in v1, optional: an older agent leaves it out, an older server ignores it) holds
/// the last lines the process wrote to stdout and stderr before it last exited, bounded and with secrets masked.
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
    string? Message,
    string? OutputTail = null);
