using Slipway.Core.Journal;
using Slipway.Core.Rollouts;

namespace Slipway.Server.State;

/// <summary>One rollout: its replayable state plus the timeline of its events, kept as evidence.</summary>
internal sealed class RolloutView(RolloutState state, DateTimeOffset startedAt)
{
    public RolloutState State { get; } = state;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? FinishedAt { get; set; }

    public List<(DateTimeOffset At, SlipwayEvent Event)> Timeline { get; } = [];

    /// <summary>The watch window began and has not ended: the reference to watch against after a restart.</summary>
    public WatchStarted? OpenWatch { get; set; }
}
