using Slipway.Core.Journal;
using Slipway.Core.Rollouts;

namespace Slipway.Core.Tests.Rollouts;

/// <summary>
/// Plays the rollout driver's part without any I/O: asks the planner for the next action and journals the events
/// the real driver would, with self-test and bake outcomes chosen by the test. Every action and event is recorded.
/// </summary>
internal sealed class RolloutScript
{
    public const string Service = "hello";
    public const string RolloutId = "hello-r2";

    private readonly List<SlipwayEvent> _events = [];
    private readonly List<RolloutAction> _actions = [];

    private RolloutScript(RolloutStarted started)
    {
        _events.Add(started);
        State = RolloutState.Start(started);
    }

    public RolloutState State { get; private set; }

    public IReadOnlyList<SlipwayEvent> Events => _events;

    public IReadOnlyList<RolloutAction> Actions => _actions;

    public bool Paused { get; set; }

    /// <summary>Whether the planner starts the next wave while the current one bakes, as the server does by default.</summary>
    public bool StartAhead { get; set; }

    /// <summary>Whether each wave gets a baseline of the old version (<c>{rollout}-base{wave}-{n}</c>), as with a judge that wants one.</summary>
    public bool Baselines { get; set; }

    /// <summary>Instance ids whose self-test fails.</summary>
    public HashSet<string> FailingSelfTests { get; } = new(StringComparer.Ordinal);

    /// <summary>Waves (0-based) whose bake gate answers "rollback", with the reason it gives.</summary>
    public Dictionary<int, string> BakeRollbacks { get; } = [];

    /// <summary>A rollout of <paramref name="instances"/> instances replacing as many old ones (or none on a first deploy).</summary>
    public static RolloutScript Create(int instances = 7, IReadOnlyList<int>? waves = null, bool firstDeploy = false) =>
        new(Started(instances, waves ?? [1, 2, 4], firstDeploy));

    public static RolloutStarted Started(int instances, IReadOnlyList<int> waves, bool firstDeploy) => new(
        Service,
        RolloutId,
        Version: "v2",
        ArtifactDigest: "digest-v2",
        PreviousVersion: firstDeploy ? null : "v1",
        PreviousDigest: firstDeploy ? null : "digest-v1",
        Instances: instances,
        Waves: waves,
        OldInstanceIds: firstDeploy ? [] : Enumerable.Range(1, instances).Select(i => $"hello-r1-{i}").ToList(),
        Trigger: "push",
        ConfigYaml: "build: make\nartifact: out\nrun: ./app\n",
        PreviousConfigYaml: firstDeploy ? null : "build: make\nartifact: out\nrun: ./app\n");

    public RolloutAction Next() => RolloutPlanner.Next(State, Paused, StartAhead);

    /// <summary>Performs the next action; returns it.</summary>
    public RolloutAction Step()
    {
        var action = Next();
        _actions.Add(action);
        foreach (var e in EventsFor(action))
        {
            Apply(e);
        }

        return action;
    }

    /// <summary>Steps until the planner says Done (or asks to wait while paused); returns the last action.</summary>
    public RolloutAction RunToEnd(int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            var action = Step();
            if (action is RolloutAction.Done or RolloutAction.WaitWhilePaused)
            {
                return action;
            }
        }

        throw new InvalidOperationException($"The rollout did not finish in {maxSteps} steps.");
    }

    /// <summary>Steps until the next action matches <paramref name="stop"/>, without performing it.</summary>
    public RolloutAction RunUntil(Func<RolloutAction, bool> stop, int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            var next = Next();
            if (stop(next))
            {
                return next;
            }

            Step();
        }

        throw new InvalidOperationException($"No matching action in {maxSteps} steps.");
    }

    public void Apply(SlipwayEvent e)
    {
        _events.Add(e);
        State.Apply(e);
    }

    private IEnumerable<SlipwayEvent> EventsFor(RolloutAction action)
    {
        switch (action)
        {
            case RolloutAction.StartWave w:
                var offset = State.Waves.Take(w.Wave).Sum();
                yield return new WaveStarted(
                    Service,
                    RolloutId,
                    w.Wave,
                    Enumerable.Range(offset + 1, w.Count).Select(i => $"{RolloutId}-{i}").ToList(),
                    Baselines ? Enumerable.Range(1, w.Count).Select(i => $"{RolloutId}-base{w.Wave + 1}-{i}").ToList() : null);
                break;
            case RolloutAction.SelfTest t:
                foreach (var id in t.InstanceIds)
                {
                    yield return SelfTestOf(id);
                }

                break;
            case RolloutAction.Route r:
                yield return new InstancesRouted(Service, r.InstanceIds);
                break;
            case RolloutAction.Bake b:
                // The driver self-tests the wave started ahead while it bakes; a new instance that fails ends the bake.
                var aheadFailed = false;
                foreach (var id in b.SelfTestAhead ?? [])
                {
                    yield return SelfTestOf(id);
                    aheadFailed |= FailingSelfTests.Contains(id) && !State.IsBaseline(id);
                }

                if (aheadFailed)
                {
                    break;
                }

                if (BakeRollbacks.TryGetValue(b.Wave, out var reason))
                {
                    yield return new WaveBaked(Service, RolloutId, b.Wave, "rollback", $"{reason} during the bake", "{}");
                    yield return new RollbackRequested(Service, RolloutId, reason, $"{reason} during the bake", "{}");
                }
                else
                {
                    yield return new WaveBaked(Service, RolloutId, b.Wave, "promote", "baked", null);
                }

                break;
            case RolloutAction.Retire r:
                yield return new InstancesUnrouted(Service, r.OldInstanceIds);
                yield return new InstancesRemoved(Service, [.. r.OldInstanceIds, .. r.BaselineIds]);
                yield return new WaveCompleted(Service, RolloutId, r.Wave, r.OldInstanceIds, r.BaselineIds);
                break;
            case RolloutAction.Promote:
                yield return new RolloutPromoted(Service, RolloutId, State.Version);
                break;
            case RolloutAction.StartRollback rb:
                yield return new InstancesUnrouted(Service, State.NewInstances.ToList());
                yield return new RollbackStarted(Service, RolloutId, rb.Reason, Enumerable.Range(1, rb.ReplacementCount).Select(i => $"{RolloutId}-back-{i}").ToList());
                break;
            case RolloutAction.SelfTestReplacements t:
                foreach (var id in t.InstanceIds)
                {
                    yield return SelfTestOf(id);
                }

                break;
            case RolloutAction.FinishRollback f:
                yield return new InstancesRouted(Service, f.ReplacementIds);
                yield return new InstancesRemoved(Service, [.. f.NewInstanceIds, .. f.BaselineIds]);
                yield return new RolloutRolledBack(Service, RolloutId, State.Version, State.RollbackReason ?? "manual");
                break;
        }
    }

    private SlipwayEvent SelfTestOf(string id) => FailingSelfTests.Contains(id)
        ? new SelfTestFailed(Service, RolloutId, id, 503, 0.2, "/selftest answered 503", "{\"status\":\"fail\"}")
        : new SelfTestPassed(Service, RolloutId, id, 200, 0.1, "{\"status\":\"pass\"}");
}
