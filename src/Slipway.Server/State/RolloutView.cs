using System.Collections.Immutable;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;

namespace Slipway.Server.State;

/// <summary>One rollout: its replayable state plus the timeline of its events, kept as evidence. Immutable: a snapshot.</summary>
internal sealed record RolloutView(RolloutState State, DateTimeOffset StartedAt)
{
    public DateTimeOffset? FinishedAt { get; init; }

    public ImmutableList<(DateTimeOffset At, SlipwayEvent Event)> Timeline { get; init; } = [];

    /// <summary>The watch window began and has not ended: the reference to watch against after a restart.</summary>
    public WatchStarted? OpenWatch { get; init; }
}
