namespace Slipway.Core.Rollouts;

/// <summary>Where the current wave is. Each phase is entered by a journaled event.</summary>
public enum WavePhase
{
    NotStarted,
    Started,
    Routed,
    Baked,
}
