namespace Slipway.Core.Rollouts;

/// <summary>
/// Decides the next step of a rollout from its state alone. Pure: the same state always gives the same action,
/// which is what makes a rollout resumable after a crash.
/// </summary>
/// <remarks>
/// With <c>startAhead</c>, the next wave's instances (and its baseline) are started and self-tested while the current
/// wave bakes, and routed as soon as that bake passed and its old instances were retired. What serves traffic, and how
/// many old instances each wave retires, is the same as without: only instances that get no traffic start earlier.
/// </remarks>
public static class RolloutPlanner
{
    public static RolloutAction Next(RolloutState state, bool paused, bool startAhead = false)
    {
        ArgumentNullException.ThrowIfNull(state);
        switch (state.Outcome)
        {
            case RolloutOutcome.Promoted:
            case RolloutOutcome.RolledBack:
                return new RolloutAction.Done(state.Outcome);
            case RolloutOutcome.RollingBack:
                var pending = state.Replacements.Where(id => state.SelfTest(id) is null).ToList();
                if (pending.Count > 0)
                {
                    return new RolloutAction.SelfTestReplacements(pending);
                }

                return new RolloutAction.FinishRollback(
                    state.NewInstances,
                    state.Replacements.Where(id => state.SelfTest(id) == true).ToList(),
                    state.ActiveBaselines);
        }

        if (state.RollbackReason is not null)
        {
            // Bring the old version back to full strength: every old instance that a finished wave retired is replaced.
            var replacements = state.Started.PreviousDigest is null
                ? 0
                : Math.Max(0, state.Started.Instances - state.OldInstances.Count);
            return new RolloutAction.StartRollback(state.RollbackReason, replacements);
        }

        if (state.CurrentWave >= state.Waves.Count)
        {
            return new RolloutAction.Promote();
        }

        var wave = state.CurrentWave;
        switch (state.Phase)
        {
            case WavePhase.NotStarted:
                return paused
                    ? new RolloutAction.WaitWhilePaused()
                    : new RolloutAction.StartWave(wave, state.Waves[wave]);
            case WavePhase.Started when paused && state.AheadWave == wave:
                // Started ahead, before the pause: it gets no traffic until the service is resumed.
                return new RolloutAction.WaitWhilePaused();
            case WavePhase.Started:
                var ids = state.WaveInstances(wave);
                var baselines = state.WaveBaselines(wave);
                var untested = ids.Concat(baselines).Where(id => state.SelfTest(id) is null).ToList();
                return untested.Count > 0
                    ? new RolloutAction.SelfTest(untested)
                    : new RolloutAction.Route([.. ids, .. baselines.Where(id => state.SelfTest(id) == true)]);
            case WavePhase.Routed:
                var next = wave + 1;
                if (startAhead && !paused && next < state.Waves.Count && state.AheadWave != next)
                {
                    return new RolloutAction.StartWave(next, state.Waves[next]);
                }

                var ahead = state.AheadWave == next
                    ? state.WaveInstances(next).Concat(state.WaveBaselines(next)).Where(id => state.SelfTest(id) is null).ToList()
                    : [];
                return ahead.Count > 0 ? new RolloutAction.Bake(wave, ahead) : new RolloutAction.Bake(wave);
            case WavePhase.Baked:
                var retire = state.OldInstances.Take(state.Waves[wave]).ToList();
                return new RolloutAction.Retire(wave, retire, state.WaveBaselines(wave));
            default:
                throw new InvalidOperationException($"Unknown wave phase {state.Phase}.");
        }
    }
}
