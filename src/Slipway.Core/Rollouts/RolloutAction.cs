namespace Slipway.Core.Rollouts;

/// <summary>The next thing the rollout driver must do. The planner decides; the driver does the I/O and journals the result.</summary>
public abstract record RolloutAction
{
    private RolloutAction()
    {
    }

    /// <summary>
    /// Start <paramref name="Count"/> new instances for wave <paramref name="Wave"/> beside the old ones (a surge). While the
    /// wave before it bakes, this starts the wave ahead: its instances run and are self-tested, but get no traffic until
    /// that bake passes and its old instances are retired.
    /// </summary>
    public sealed record StartWave(int Wave, int Count) : RolloutAction;

    /// <summary>Self-test these new instances; each passes or fails.</summary>
    public sealed record SelfTest(IReadOnlyList<string> InstanceIds) : RolloutAction;

    /// <summary>All instances of the wave passed their self-test: let the front door send them traffic.</summary>
    public sealed record Route(IReadOnlyList<string> InstanceIds) : RolloutAction;

    /// <summary>
    /// Hold the wave for its bake time and ask the gate for a verdict; meanwhile self-test <paramref name="SelfTestAhead"/>,
    /// the next wave's instances started ahead (not routed). A new instance among them that fails ends the bake: rollback.
    /// </summary>
    public sealed record Bake(int Wave, IReadOnlyList<string>? SelfTestAhead = null) : RolloutAction;

    /// <summary>Take as many old instances out of service as the wave added, and stop the wave's baseline.</summary>
    public sealed record Retire(int Wave, IReadOnlyList<string> OldInstanceIds, IReadOnlyList<string> BaselineIds) : RolloutAction;

    public sealed record Promote : RolloutAction;

    /// <summary>Stop routing to the new version, and start replacement old instances until there are N.</summary>
    public sealed record StartRollback(string Reason, int ReplacementCount) : RolloutAction;

    /// <summary>Self-test the replacement old instances (started from the cached artifact).</summary>
    public sealed record SelfTestReplacements(IReadOnlyList<string> InstanceIds) : RolloutAction;

    /// <summary>The old fleet is whole again: remove every new instance (and any baseline) and close the rollout.</summary>
    public sealed record FinishRollback(IReadOnlyList<string> NewInstanceIds, IReadOnlyList<string> ReplacementIds, IReadOnlyList<string> BaselineIds) : RolloutAction;

    /// <summary>The service is paused: wait for resume before the next wave.</summary>
    public sealed record WaitWhilePaused : RolloutAction;

    public sealed record Done(RolloutOutcome Outcome) : RolloutAction;
}
