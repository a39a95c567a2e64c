using Slipway.Core.Fleet;
using Slipway.Core.Journal;
using Slipway.Core.Rollouts;
using Slipway.Server.Flags;

namespace Slipway.Server.State;

/// <summary>
/// The in-memory projection of the journal. Only <see cref="Apply"/> changes it, and only the journal calls Apply,
/// so replaying the journal after a restart gives the same state.
/// </summary>
internal sealed class SlipwayState
{
    public Dictionary<string, ServiceView> Services { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RunView> Runs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RolloutView> Rollouts { get; } = new(StringComparer.Ordinal);

    public FleetState Fleet { get; } = new();

    /// <summary>Each service's test history: durations, outcomes, flake rates, quarantine, recent test runs.</summary>
    public Dictionary<string, TestHistory> TestHistories { get; } = new(StringComparer.Ordinal);
    /// <summary>Flags per service and environment, declared release flags, experiment tallies.</summary>
    public FlagsProjection Flags { get; } = new();

    public long LastSequence { get; private set; }

    public int RunCount { get; private set; }

    public int RolloutCount { get; private set; }

    public void Apply(long sequence, DateTimeOffset at, SlipwayEvent e)
    {
        LastSequence = sequence;
        Fleet.Apply(e);
        if (Flags.Apply(sequence, at, e))
        {
            return;
        }

        Services.TryGetValue(e.Service, out var service);
        switch (e)
        {
            case ServiceRegistered r:
                Services[r.Service] = new ServiceView(r.Service, r.Repository, r.Branch, r.FrontDoorPort, r.PollSeconds);
                break;
            case ServicePaused when service is not null:
                service.Paused = true;
                break;
            case ServiceResumed when service is not null:
                service.Paused = false;
                break;
            case CommitDetected c when service is not null:
                service.LastSeenCommit = c.Commit;
                break;
            case PipelineQueued q:
                RunCount++;
                Runs[q.RunId] = new RunView(q.RunId, q.Service, q.Commit, q.Trigger, at);
                service?.RunIds.Add(q.RunId);
                break;
            case PipelineSuperseded s when Runs.TryGetValue(s.RunId, out var superseded):
                superseded.Status = "superseded";
                superseded.FinishedAt = at;
                break;
            case PipelineStarted s when Runs.TryGetValue(s.RunId, out var started):
                started.Status = "running";
                started.StartedAt = at;
                break;
            case PipelineStepCompleted s when Runs.TryGetValue(s.RunId, out var stepped):
                stepped.Steps.Add(s);
                break;
            case PipelineSucceeded s when Runs.TryGetValue(s.RunId, out var succeeded):
                TestHistories.GetValueOrDefault(s.Service)?.EndRun(s.RunId);
                succeeded.Status = "succeeded";
                succeeded.ArtifactDigest = s.ArtifactDigest;
                succeeded.ConfigYaml = s.ConfigYaml;
                succeeded.FinishedAt = at;
                break;
            case PipelineFailed f when Runs.TryGetValue(f.RunId, out var failed):
                TestHistories.GetValueOrDefault(f.Service)?.EndRun(f.RunId);
                failed.Status = "failed";
                failed.Failure = f;
                failed.FinishedAt = at;
                break;
            case WatchStarted ws when Rollouts.TryGetValue(ws.RolloutId, out var watching):
                watching.Timeline.Add((at, ws));
                watching.OpenWatch = ws;
                break;
            case WatchFailed wf when service is not null:
                service.RolledBackVersions.Add(wf.Version);
                if (Rollouts.TryGetValue(wf.RolloutId, out var watched))
                {
                    watched.Timeline.Add((at, wf));
                    watched.OpenWatch = null;
                }

                break;
            case WatchPassed wp when Rollouts.TryGetValue(wp.RolloutId, out var passed):
                passed.Timeline.Add((at, wp));
                passed.OpenWatch = null;
                break;
            case RolloutStarted rs:
                RolloutCount++;
                var view = new RolloutView(RolloutState.Start(rs), at);
                view.Timeline.Add((at, rs));
                Rollouts[rs.RolloutId] = view;
                if (service is not null)
                {
                    service.ActiveRolloutId = rs.RolloutId;
                    service.RolloutIds.Add(rs.RolloutId);
                }

                break;
            case TestProgressReported p:
                TestsOf(p.Service).Apply(p);
                break;
            case TestStageCompleted t:
                TestsOf(t.Service).Apply(at, t);
                break;
            case TestReleasedFromQuarantine q:
                TestsOf(q.Service).Apply(q);
                break;
            default:
                ApplyToRollouts(at, e, service);
                break;
        }
    }

    private void ApplyToRollouts(DateTimeOffset at, SlipwayEvent e, ServiceView? service)
    {
        if (service?.ActiveRolloutId is not { } active || !Rollouts.TryGetValue(active, out var rollout))
        {
            return;
        }

        rollout.State.Apply(e);
        rollout.Timeline.Add((at, e));
        switch (e)
        {
            case RolloutPromoted p:
                rollout.FinishedAt = at;
                service.ActiveRolloutId = null;
                service.ProductionVersion = p.Version;
                service.ProductionDigest = rollout.State.Started.ArtifactDigest;
                service.ProductionConfigYaml = rollout.State.Started.ConfigYaml;
                break;
            case RolloutRolledBack rb:
                rollout.FinishedAt = at;
                service.ActiveRolloutId = null;
                service.RolledBackVersions.Add(rb.Version);
                break;
        }
    }

    /// <summary>The test history of a service (empty until its first test-stage run).</summary>
    public TestHistory TestsOf(string service)
    {
        if (!TestHistories.TryGetValue(service, out var history))
        {
            history = new TestHistory();
            TestHistories[service] = history;
        }

        return history;
    }

    /// <summary>The rollout that is running for a service, if any.</summary>
    public RolloutView? ActiveRollout(string service) =>
        Services.TryGetValue(service, out var s) && s.ActiveRolloutId is { } id ? Rollouts[id] : null;

    /// <summary>Instances of a service that run a given version and are not being replaced.</summary>
    public IReadOnlyList<InstanceSpec> InstancesOf(string service, string version) =>
        Fleet.ForService(service).Where(i => i.Version == version).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
}
