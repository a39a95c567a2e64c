namespace Slipway.Core.Services;

/// <summary>What the service planner knows about one pipeline run.</summary>
public sealed record RunRecord(string RunId, string Commit, string Trigger, string By, RunStatus Status);
