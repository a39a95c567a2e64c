namespace Slipway.Agent.Protocol;

/// <summary>Agent protocol v1: what a host actually runs, sent on every change and at least once a second.</summary>
public sealed record AgentReportV1(string Host, IReadOnlyList<InstanceStatusV1> Instances);
