using Slipway.Core.Journal;

namespace Slipway.Server.State;

/// <summary>One pipeline run, projected from the journal.</summary>
internal sealed class RunView(string runId, string service, string commit, string trigger, DateTimeOffset queuedAt)
{
    public string RunId { get; } = runId;

    public string Service { get; } = service;

    public string Commit { get; } = commit;

    public string Trigger { get; } = trigger;

    public DateTimeOffset QueuedAt { get; } = queuedAt;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>queued, running, succeeded, failed or superseded.</summary>
    public string Status { get; set; } = "queued";

    public List<PipelineStepCompleted> Steps { get; } = [];

    public string? ArtifactDigest { get; set; }

    public string? ConfigYaml { get; set; }

    public PipelineFailed? Failure { get; set; }
}
