using Slipway.Core.Journal;

namespace Slipway.Core.Rollouts;

/// <summary>
/// The state of one rollout, rebuilt from its journaled events. It holds no I/O and no clock:
/// after a crash the server replays the events into a new <see cref="RolloutState"/> and asks the planner what is next.
/// </summary>
public sealed class RolloutState
{
    private readonly List<string> _oldInstances = [];
    private readonly List<(string Id, int Wave)> _newInstances = [];
    private readonly Dictionary<string, bool> _selfTests = new(StringComparer.Ordinal);
    private readonly HashSet<string> _routed = new(StringComparer.Ordinal);
    private readonly List<string> _replacements = [];
    private readonly List<(string Id, int Wave)> _baselines = [];
    private readonly HashSet<string> _removedBaselines = new(StringComparer.Ordinal);

    private RolloutState(RolloutStarted started)
    {
        Started = started;
        _oldInstances.AddRange(started.OldInstanceIds);
    }

    public RolloutStarted Started { get; }

    public string RolloutId => Started.RolloutId;

    public string Service => Started.Service;

    public string Version => Started.Version;

    public IReadOnlyList<int> Waves => Started.Waves;

    public int CurrentWave { get; private set; }

    public WavePhase Phase { get; private set; } = WavePhase.NotStarted;

    public RolloutOutcome Outcome { get; private set; } = RolloutOutcome.InProgress;

    public string? RollbackReason { get; private set; }

    /// <summary>The wave whose instances were started ahead, while the wave before it baked; null when none was.</summary>
    public int? AheadWave { get; private set; }

    public string? RollbackSummary { get; private set; }

    /// <summary>Old-version instances still in service.</summary>
    public IReadOnlyList<string> OldInstances => _oldInstances;

    public IReadOnlyList<string> NewInstances => _newInstances.ConvertAll(i => i.Id);

    public IReadOnlyList<string> Replacements => _replacements;

    /// <summary>The new instances of waves up to <paramref name="wave"/>: those a bake of that wave judges, not a wave started ahead.</summary>
    public IReadOnlyList<string> NewInstancesUpTo(int wave) =>
        _newInstances.Where(i => i.Wave <= wave).Select(i => i.Id).ToList();

    public IReadOnlyList<string> WaveInstances(int wave) =>
        _newInstances.Where(i => i.Wave == wave).Select(i => i.Id).ToList();

    /// <summary>Fresh old-version instances started beside a wave as the judge's baseline.</summary>
    public IReadOnlyList<string> WaveBaselines(int wave) =>
        _baselines.Where(i => i.Wave == wave).Select(i => i.Id).ToList();

    /// <summary>Baseline instances that still run.</summary>
    public IReadOnlyList<string> ActiveBaselines =>
        _baselines.Where(b => !_removedBaselines.Contains(b.Id)).Select(b => b.Id).ToList();

    public bool IsBaseline(string instanceId) => _baselines.Exists(b => b.Id == instanceId);

    /// <summary>True when the instance passed its self-test, false when it failed, null when not yet known.</summary>
    public bool? SelfTest(string instanceId) => _selfTests.TryGetValue(instanceId, out var passed) ? passed : null;

    public bool IsFinished => Outcome is RolloutOutcome.Promoted or RolloutOutcome.RolledBack;

    public static RolloutState Start(RolloutStarted started) => new(started);

    /// <summary>Rebuilds a rollout from its events; the first must be <see cref="RolloutStarted"/>.</summary>
    public static RolloutState Replay(IEnumerable<SlipwayEvent> events)
    {
        RolloutState? state = null;
        foreach (var e in events)
        {
            if (state is null)
            {
                var started = e as RolloutStarted ?? throw new InvalidOperationException($"A rollout starts with {nameof(RolloutStarted)}, not {e.GetType().Name}.");
                state = new RolloutState(started);
                continue;
            }

            state.Apply(e);
        }

        return state ?? throw new InvalidOperationException("No events to replay.");
    }

    /// <summary>
    /// A new state with <paramref name="e"/> applied; this one is left as it was. Read models hand out rollout states
    /// as snapshots, so the server never changes one that a reader may hold.
    /// </summary>
    public RolloutState With(SlipwayEvent e)
    {
        var next = new RolloutState(Started)
        {
            CurrentWave = CurrentWave,
            Phase = Phase,
            Outcome = Outcome,
            RollbackReason = RollbackReason,
            RollbackSummary = RollbackSummary,
            AheadWave = AheadWave,
        };
        next._oldInstances.Clear();
        next._oldInstances.AddRange(_oldInstances);
        next._newInstances.AddRange(_newInstances);
        foreach (var (id, passed) in _selfTests)
        {
            next._selfTests[id] = passed;
        }

        next._routed.UnionWith(_routed);
        next._replacements.AddRange(_replacements);
        next._baselines.AddRange(_baselines);
        next._removedBaselines.UnionWith(_removedBaselines);
        next.Apply(e);
        return next;
    }

    /// <summary>Applies one event. Events of other rollouts, and events that do not concern rollouts, are ignored.</summary>
    public void Apply(SlipwayEvent e)
    {
        switch (e)
        {
            case WaveStarted w when w.RolloutId == RolloutId && w.Wave == CurrentWave + 1 && Phase is WavePhase.Routed or WavePhase.Baked:
                // Started ahead: the current wave is still baking, and stays the current wave until it completes.
                AheadWave = w.Wave;
                _newInstances.AddRange(w.InstanceIds.Select(id => (id, w.Wave)));
                _baselines.AddRange((w.BaselineInstanceIds ?? []).Select(id => (id, w.Wave)));
                break;
            case WaveStarted w when w.RolloutId == RolloutId:
                CurrentWave = w.Wave;
                Phase = WavePhase.Started;
                foreach (var id in w.InstanceIds)
                {
                    _newInstances.Add((id, w.Wave));
                }

                foreach (var id in w.BaselineInstanceIds ?? [])
                {
                    _baselines.Add((id, w.Wave));
                }

                break;
            case SelfTestPassed p when p.RolloutId == RolloutId:
                _selfTests[p.InstanceId] = true;
                break;
            case SelfTestFailed f when f.RolloutId == RolloutId:
                _selfTests[f.InstanceId] = false;

                // Only the new version's self-test decides; a baseline (old version) that fails is just left out.
                if (Outcome == RolloutOutcome.InProgress && RollbackReason is null && !IsBaseline(f.InstanceId))
                {
                    RollbackReason = "selftest";
                    RollbackSummary = $"self-test failed on {f.InstanceId}: {f.Reason}";
                }

                break;
            case InstancesRouted r when r.Service == Service:
                foreach (var id in r.InstanceIds)
                {
                    _routed.Add(id);
                }

                if (Phase == WavePhase.Started && WaveInstances(CurrentWave).All(_routed.Contains))
                {
                    Phase = WavePhase.Routed;
                }

                break;
            case InstancesUnrouted u when u.Service == Service:
                foreach (var id in u.InstanceIds)
                {
                    _routed.Remove(id);
                }

                break;
            case WaveBaked b when b.RolloutId == RolloutId:
                // A "rollback" verdict is followed by RollbackRequested, which carries the reason.
                if (!string.Equals(b.Verdict, "rollback", StringComparison.Ordinal))
                {
                    Phase = WavePhase.Baked;
                }

                break;
            case RollbackRequested r when r.RolloutId == RolloutId:
                RollbackReason ??= r.Reason;
                RollbackSummary ??= r.Summary;
                break;
            case WaveCompleted c when c.RolloutId == RolloutId:
                foreach (var id in c.RetiredInstanceIds)
                {
                    _oldInstances.Remove(id);
                }

                _removedBaselines.UnionWith(c.RemovedBaselineIds ?? []);

                CurrentWave = c.Wave + 1;
                Phase = AheadWave == CurrentWave ? WavePhase.Started : WavePhase.NotStarted;
                break;
            case RollbackStarted s when s.RolloutId == RolloutId:
                Outcome = RolloutOutcome.RollingBack;
                RollbackReason ??= s.Reason;
                _replacements.AddRange(s.ReplacementInstanceIds);
                break;
            case RolloutPromoted p when p.RolloutId == RolloutId:
                Outcome = RolloutOutcome.Promoted;
                _oldInstances.Clear();
                break;
            case RolloutRolledBack rb when rb.RolloutId == RolloutId:
                Outcome = RolloutOutcome.RolledBack;
                RollbackReason ??= rb.Reason;
                break;
        }
    }
}
