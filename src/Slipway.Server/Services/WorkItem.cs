namespace Slipway.Server.Services;

/// <summary>What a service's worker does next: run a queued pipeline, deploy a built run, or resume a rollout after a restart.</summary>
internal abstract record WorkItem
{
    private WorkItem()
    {
    }

    public sealed record RunPipeline(string RunId, string Commit) : WorkItem;

    public sealed record DeployRun(string RunId, string Trigger) : WorkItem;

    public sealed record ResumeRollout(string RolloutId) : WorkItem;
}
