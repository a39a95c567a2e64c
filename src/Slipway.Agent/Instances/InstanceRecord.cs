namespace Slipway.Agent.Instances;

/// <summary>What the agent writes down about a running process, so that after a crash it adopts the process instead of starting it twice.</summary>
internal sealed record InstanceRecord(string Id, int Pid, int Port, string ArtifactDigest);
