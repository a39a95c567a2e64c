namespace Slipway.Core.Services;

/// <summary>What a service's driver does next, as decided by the <see cref="ServicePlanner"/>.</summary>
public abstract record ServiceAction
{
    private ServiceAction()
    {
    }

    /// <summary>Nothing to do until the journal changes.</summary>
    public sealed record Idle : ServiceAction;

    /// <summary>A rollout is under way (after a restart too): drive it to its end.</summary>
    public sealed record ResumeRollout(string RolloutId) : ServiceAction;

    /// <summary>
    /// A run is marked running while nothing runs it: the server stopped during it. Fail it honestly and, when no
    /// newer run is queued, queue its commit again (trigger <c>resume</c>).
    /// </summary>
    public sealed record AbandonInterruptedRun(RunRecord Run, bool Requeue) : ServiceAction;

    /// <summary>Roll this release out, as <paramref name="Intent"/> asked.</summary>
    public sealed record StartRollout(Release Release, DeployIntent Intent) : ServiceAction;

    /// <summary>The pending deploy would change nothing, or must not happen on its own: journal why and drop it.</summary>
    public sealed record SkipDeploy(DeployIntent Intent, string Reason) : ServiceAction;

    /// <summary>Run these contract migrations: their release is promoted and watched (or acknowledged), so no older instance is left.</summary>
    public sealed record RunContracts(IReadOnlyList<ContractMigration> Contracts) : ServiceAction;

    /// <summary>Run the pipeline of the oldest queued run.</summary>
    public sealed record RunPipeline(RunRecord Run) : ServiceAction;
}
