using System.Collections.Immutable;
using Slipway.Core.Fleet;
using Slipway.Core.Journal;
using Slipway.Core.Services;
using Slipway.Server.Flags;

namespace Slipway.Server.State;

/// <summary>
/// The in-memory projection of the journal. Only <see cref="Apply"/> changes it, and only the journal calls Apply,
/// so replaying the journal after a restart gives the same state. Services, runs, rollouts and the fleet are
/// immutable snapshots: Apply replaces them, so a value read from here never changes under its reader.
/// </summary>
internal sealed class SlipwayState
{
    public ImmutableDictionary<string, ServiceView> Services { get; private set; } = ImmutableDictionary.Create<string, ServiceView>(StringComparer.Ordinal);

    public ImmutableDictionary<string, RunView> Runs { get; private set; } = ImmutableDictionary.Create<string, RunView>(StringComparer.Ordinal);

    public ImmutableDictionary<string, RolloutView> Rollouts { get; private set; } = ImmutableDictionary.Create<string, RolloutView>(StringComparer.Ordinal);

    public FleetState Fleet { get; private set; } = new();

    /// <summary>Each service's secrets by name: ciphertext only, decrypted by <c>SecretVault</c> when a step or an instance needs them.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<string, SecretEntry>> Secrets { get; private set; } =
        ImmutableDictionary.Create<string, ImmutableDictionary<string, SecretEntry>>(StringComparer.Ordinal);

    /// <summary>Each service's test history: durations, outcomes, flake rates, quarantine, recent test runs. Mutable: copy what you read.</summary>
    public Dictionary<string, TestHistory> TestHistories { get; } = new(StringComparer.Ordinal);

    /// <summary>Flags per service and environment, declared release flags, experiment tallies. Mutable: copy what you read.</summary>
    public FlagsProjection Flags { get; } = new();

    public long LastSequence { get; private set; }

    /// <summary>
    /// How many runs and rollouts earlier registrations of a removed service's name numbered, so that the name registered
    /// again goes on from there: run and rollout ids (and the log folders and journal events keyed by them) never repeat.
    /// </summary>
    private ImmutableDictionary<string, (int Runs, int Rollouts)> _numbered = ImmutableDictionary.Create<string, (int Runs, int Rollouts)>(StringComparer.Ordinal);

    public void Apply(long sequence, DateTimeOffset at, SlipwayEvent e)
    {
        LastSequence = sequence;
        Fleet = Fleet.With(e);
        if (Flags.Apply(sequence, at, e))
        {
            return;
        }

        if (e is ServiceRegistered r)
        {
            var numbered = _numbered.GetValueOrDefault(r.Service);
            Services = Services.SetItem(
                r.Service,
                new ServiceView(r.Service, r.Repository, r.Branch, r.FrontDoorPort, r.PollSeconds, ServiceLifecycle.Create(r.Service, numbered.Rollouts)) { RunsBefore = numbered.Runs });
            return;
        }

        if (e is ServiceRemoved removedService)
        {
            Remove(removedService.Service);
            return;
        }

        if (Services.TryGetValue(e.Service, out var service))
        {
            service = service with { Lifecycle = service.Lifecycle.Apply(e, at) };
            Services = Services.SetItem(e.Service, service);
        }

        switch (e)
        {
            case CommitDetected c when service is not null:
                Services = Services.SetItem(c.Service, service with { LastSeenCommit = c.Commit });
                break;
            case PipelineQueued q:
                Runs = Runs.SetItem(q.RunId, new RunView(q.RunId, q.Service, q.Commit, q.Trigger, at));
                if (service is not null)
                {
                    Services = Services.SetItem(q.Service, service with { RunIds = service.RunIds.Add(q.RunId) });
                }

                break;
            case PipelineSuperseded s:
                UpdateRun(s.RunId, run => run with { Status = RunStatus.Superseded, FinishedAt = at });
                break;
            case PipelineStarted s:
                UpdateRun(s.RunId, run => run with { Status = RunStatus.Running, StartedAt = at });
                break;
            case PipelineStepCompleted s:
                UpdateRun(s.RunId, run => run with { Steps = run.Steps.Add(s) });
                break;
            case PipelineSucceeded s:
                TestHistories.GetValueOrDefault(s.Service)?.EndRun(s.RunId);
                UpdateRun(s.RunId, run => run with { Status = RunStatus.Succeeded, ArtifactDigest = s.ArtifactDigest, ConfigYaml = s.ConfigYaml, FinishedAt = at });
                break;
            case PipelineFailed f:
                TestHistories.GetValueOrDefault(f.Service)?.EndRun(f.RunId);
                UpdateRun(f.RunId, run => run with { Status = RunStatus.Failed, Failure = f, FinishedAt = at });
                break;
            case WatchStarted ws:
                UpdateRollout(ws.RolloutId, v => v with { Timeline = v.Timeline.Add((at, ws)), OpenWatch = ws });
                break;
            case WatchFailed wf:
                UpdateRollout(wf.RolloutId, v => v with { Timeline = v.Timeline.Add((at, wf)), OpenWatch = null });
                break;
            case WatchPassed wp:
                UpdateRollout(wp.RolloutId, v => v with { Timeline = v.Timeline.Add((at, wp)), OpenWatch = null });
                break;
            case RolloutStarted rs:
                Rollouts = Rollouts.SetItem(rs.RolloutId, new RolloutView(Core.Rollouts.RolloutState.Start(rs), at) { Timeline = [(at, rs)] });
                if (service is not null)
                {
                    Services = Services.SetItem(rs.Service, Services[rs.Service] with { RolloutIds = service.RolloutIds.Add(rs.RolloutId) });
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
            case SecretSet set:
                Secrets = Secrets.SetItem(set.Service, SecretsOf(set.Service).SetItem(set.Name, new SecretEntry(set.Name, set.Ciphertext, at, set.By)));
                break;
            case SecretRemoved removed:
                Secrets = Secrets.SetItem(removed.Service, SecretsOf(removed.Service).Remove(removed.Name));
                break;
            default:
                ApplyToActiveRollout(at, e, service);
                break;
        }
    }

    /// <summary>A removed service leaves with its runs, rollouts, secrets and test history; a new one of that name starts afresh.</summary>
    private void Remove(string service)
    {
        if (Services.TryGetValue(service, out var view))
        {
            _numbered = _numbered.SetItem(service, (view.RunsBefore + view.RunIds.Count, view.Lifecycle.RolloutCount));
        }

        Services = Services.Remove(service);
        Runs = Runs.RemoveRange(Runs.Values.Where(r => r.Service == service).Select(r => r.RunId).ToList());
        Rollouts = Rollouts.RemoveRange(Rollouts.Values.Where(r => r.State.Service == service).Select(r => r.State.RolloutId).ToList());
        Secrets = Secrets.Remove(service);
        TestHistories.Remove(service);
    }

    private ImmutableDictionary<string, SecretEntry> SecretsOf(string service) =>
        Secrets.TryGetValue(service, out var secrets) ? secrets : ImmutableDictionary.Create<string, SecretEntry>(StringComparer.Ordinal);

    private void ApplyToActiveRollout(DateTimeOffset at, SlipwayEvent e, ServiceView? before)
    {
        // The rollout an event belongs to is the one that was active before it (a promotion ends it).
        if (before is null)
        {
            return;
        }

        var active = e switch
        {
            RolloutPromoted p => p.RolloutId,
            RolloutRolledBack rb => rb.RolloutId,
            _ => Services[e.Service].ActiveRolloutId,
        };
        if (active is null || !Rollouts.TryGetValue(active, out var rollout) || rollout.State.IsFinished)
        {
            return;
        }

        var finished = e is RolloutPromoted or RolloutRolledBack;
        Rollouts = Rollouts.SetItem(active, rollout with
        {
            State = rollout.State.With(e),
            Timeline = rollout.Timeline.Add((at, e)),
            FinishedAt = finished ? at : rollout.FinishedAt,
        });
    }

    private void UpdateRun(string runId, Func<RunView, RunView> update)
    {
        if (Runs.TryGetValue(runId, out var run))
        {
            Runs = Runs.SetItem(runId, update(run));
        }
    }

    private void UpdateRollout(string rolloutId, Func<RolloutView, RolloutView> update)
    {
        if (Rollouts.TryGetValue(rolloutId, out var rollout))
        {
            Rollouts = Rollouts.SetItem(rolloutId, update(rollout));
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
}
