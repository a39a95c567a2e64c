using Microsoft.Extensions.Time.Testing;
using Slipway.Core.Journal;
using Slipway.Core.Services;

namespace Slipway.Core.Tests.Services;

/// <summary>
/// A journal of one service's lifecycle events and a simulated driver: it asks <see cref="ServicePlanner"/> what is
/// next and journals what the real driver would, so tests can stop it anywhere ("crash") and replay.
/// </summary>
internal sealed class LifecycleScript
{
    public const string Service = "hello";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    public List<SlipwayEvent> Journal { get; } = [new ServiceRegistered(Service, "/repo", "main", 8080, 5)];

    public ServiceLifecycle State { get; private set; } = ServiceLifecycle.Create(Service);

    /// <summary>Instances the fleet runs now (the production release's, once one was promoted).</summary>
    public int LiveInstances { get; set; }

    /// <summary>Versions whose rollouts the simulated judge rolls back.</summary>
    public HashSet<string> Bad { get; } = new(StringComparer.Ordinal);

    /// <summary>Versions whose builds fail.</summary>
    public HashSet<string> Broken { get; } = new(StringComparer.Ordinal);

    public List<ServiceAction> Actions { get; } = [];

    public static LifecycleScript Replay(IEnumerable<SlipwayEvent> events, int liveInstances)
    {
        var script = new LifecycleScript { LiveInstances = liveInstances };
        script.Journal.Clear();
        foreach (var e in events)
        {
            script.Append(e);
        }

        return script;
    }

    public void Append(SlipwayEvent e)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        Journal.Add(e);
        State = State.Apply(e, _time.GetUtcNow());
    }

    public ServiceAction Next() => ServicePlanner.Next(State, LiveInstances);

    public string Push(string commit, string trigger = "push", string by = "push")
    {
        var runId = $"{Service}-{State.Runs.Count + 1}";
        Append(new PipelineQueued(Service, runId, commit, trigger, by));
        foreach (var queued in State.Runs.Where(r => r.Status == RunStatus.Queued && r.RunId != runId).ToList())
        {
            Append(new PipelineSuperseded(Service, queued.RunId, queued.Commit, commit));
        }

        return runId;
    }

    /// <summary>Performs the planner's next action as the driver would; returns it.</summary>
    public ServiceAction Step()
    {
        var action = Next();
        Actions.Add(action);
        switch (action)
        {
            case ServiceAction.RunPipeline run:
                Append(new PipelineStarted(Service, run.Run.RunId, run.Run.Commit));
                Append(Broken.Contains(run.Run.Commit)
                    ? new PipelineFailed(Service, run.Run.RunId, run.Run.Commit, "build", 1, "build failed", string.Empty)
                    : new PipelineSucceeded(Service, run.Run.RunId, run.Run.Commit, "sha256-" + run.Run.Commit, 100, "instances: 3"));
                break;
            case ServiceAction.StartRollout start:
                var id = $"{Service}-r{State.RolloutCount + 1}";
                Append(new RolloutStarted(Service, id, start.Release.Version, start.Release.ArtifactDigest, State.ProductionVersion, null, 3, [1, 2], [], start.Intent.Trigger, "instances: 3", null));
                break;
            case ServiceAction.ResumeRollout resume:
                var version = Version(resume.RolloutId);
                if (Bad.Contains(version))
                {
                    Append(new RolloutRolledBack(Service, resume.RolloutId, version, "immune"));
                }
                else
                {
                    Append(new RolloutPromoted(Service, resume.RolloutId, version));
                    LiveInstances = 3;
                }

                break;
            case ServiceAction.AbandonInterruptedRun abandon:
                Append(new PipelineFailed(Service, abandon.Run.RunId, abandon.Run.Commit, "interrupted", -1, "the server stopped during this run", string.Empty));
                if (abandon.Requeue)
                {
                    Push(abandon.Run.Commit, "resume", abandon.Run.By);
                }

                break;
            case ServiceAction.SkipDeploy skip:
                Append(new DeploySkipped(Service, skip.Intent.Version, skip.Intent.Trigger, skip.Reason));
                break;
        }

        return action;
    }

    /// <summary>Steps until the planner is idle (bounded, so a planner that loops fails the test).</summary>
    public void RunToIdle()
    {
        for (var i = 0; i < 100; i++)
        {
            if (Step() is ServiceAction.Idle)
            {
                return;
            }
        }

        throw new InvalidOperationException("the planner did not become idle in 100 steps: " + string.Join(", ", Actions.TakeLast(6)));
    }

    private string Version(string rolloutId) =>
        Journal.OfType<RolloutStarted>().Last(r => r.RolloutId == rolloutId).Version;
}
