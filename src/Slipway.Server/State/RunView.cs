using System.Collections.Immutable;
using Slipway.Core.Journal;
using Slipway.Core.Services;

namespace Slipway.Server.State;

/// <summary>One pipeline run, projected from the journal. Immutable: a snapshot.</summary>
internal sealed record RunView(string RunId, string Service, string Commit, string Trigger, DateTimeOffset QueuedAt)
{
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public RunStatus Status { get; init; } = RunStatus.Queued;

    public ImmutableList<PipelineStepCompleted> Steps { get; init; } = [];

    public string? ArtifactDigest { get; init; }

    public string? ConfigYaml { get; init; }

    public PipelineFailed? Failure { get; init; }
}
