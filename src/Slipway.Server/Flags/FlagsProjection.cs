using System.Collections.Concurrent;
using System.Text.Json;
using Slipway.Core.Journal;
using Slipway.Flags;
using Slipway.Flags.Protocol;

namespace Slipway.Server.Flags;

/// <summary>
/// The flags part of the journal's projection: one <see cref="FlagSet"/> per service and environment, the flag files
/// declared by pipeline runs, and experiment tallies. <see cref="Apply"/> runs under the journal's lock; published
/// <see cref="FlagSetSnapshot"/>s are immutable, so hot readers (OFREP, streams) need no lock.
/// </summary>
internal sealed class FlagsProjection
{
    private readonly ConcurrentDictionary<FlagScope, FlagSet> _sets = new();
    private readonly Dictionary<(string Service, string Commit), ReleaseFlagsDeclared> _declared = new();

    public IEnumerable<FlagSet> Sets => _sets.Values;

    public FlagSetSnapshot Snapshot(FlagScope scope) => _sets.TryGetValue(scope, out var set) ? set.Current : FlagSetSnapshot.Empty(scope);

    /// <summary>The set, or null if nothing was ever recorded for it. Read inside a journal read.</summary>
    public FlagSet? Find(FlagScope scope) => _sets.GetValueOrDefault(scope);

    /// <summary>The flag file the pipeline validated for this commit, if its slipway.yml names one.</summary>
    public ReleaseFlagsDeclared? Declared(string service, string commit) => _declared.GetValueOrDefault((service, commit));

    /// <summary>Applies a flag event; false for every other event.</summary>
    public bool Apply(long sequence, DateTimeOffset at, SlipwayEvent e)
    {
        switch (e)
        {
            case FlagsChanged change:
                ApplyChange(at, change);
                NoteChangesDuringGuardedRollouts(change);
                return true;
            case ReleaseFlagsDeclared declared:
                _declared[(declared.Service, declared.Commit)] = declared;
                return true;
            case ReleaseFlagsApplied applied:
                Set(new FlagScope(applied.Service, applied.Environment)).AppliedReleases.Add(applied.Version);
                return true;
            case FlagEventsReceived received:
                Set(new FlagScope(received.Service, received.Environment)).Experiments.Add(received);
                return true;
            case GuardedRolloutStarted started:
                Set(new FlagScope(started.Service, started.Environment)).Guarded[started.Key] = new GuardedRollout(started, at);
                return true;
            case GuardedStepStarted step:
                return ApplyGuarded(step.Service, step.Environment, step.Key, e, at);
            case GuardedStepJudged judged:
                return ApplyGuarded(judged.Service, judged.Environment, judged.Key, e, at);
            case GuardedRolloutEnded ended:
                return ApplyGuarded(ended.Service, ended.Environment, ended.Key, e, at);
            default:
                return false;
        }
    }

    /// <summary>Every guarded rollout still under way (for the driver to resume after a restart). Read inside a journal read.</summary>
    public IEnumerable<(FlagScope Scope, GuardedRollout Rollout)> ActiveGuarded() =>
        _sets.Values.SelectMany(set => set.Guarded.Values.Where(g => g.Active).Select(g => (set.Scope, g)));

    private bool ApplyGuarded(string service, string environment, string key, SlipwayEvent e, DateTimeOffset at)
    {
        if (Find(new FlagScope(service, environment))?.Guarded.GetValueOrDefault(key) is { } rollout)
        {
            rollout.Apply(e, at);
        }

        return true;
    }

    /// <summary>A person's change to a flag in a guarded rollout (or its deletion) is noted: the rollout stops and the change stands.</summary>
    private void NoteChangesDuringGuardedRollouts(FlagsChanged change)
    {
        if (change.By == GuardedRolloutDriver.Actor || Find(new FlagScope(change.Service, change.Environment)) is not { } set)
        {
            return;
        }

        foreach (var edit in change.Flags)
        {
            if (set.Guarded.GetValueOrDefault(edit.Key) is { Active: true } rollout)
            {
                rollout.ChangedBy ??= change.By;
            }
        }
    }

    private FlagSet Set(FlagScope scope) => _sets.GetOrAdd(scope, s => new FlagSet(s));

    private void ApplyChange(DateTimeOffset at, FlagsChanged change)
    {
        var set = Set(new FlagScope(change.Service, change.Environment));
        var version = set.Current.Version + 1;
        var edits = change.Flags.Select(f => KeyValuePair.Create(f.Key, f.After is null ? (JsonElement?)null : FlagDocumentJson.Element(f.After))).ToList();
        var sharedChanged = change.SharedAfter is not null || change.SharedBefore is not null;
        FlagDocument document;
        if (sharedChanged)
        {
            var flags = set.Document.Flags.ToDictionary(f => f.Key, f => f.Value.Json, StringComparer.Ordinal);
            foreach (var (key, json) in edits)
            {
                if (json is { } j)
                {
                    flags[key] = j;
                }
                else
                {
                    flags.Remove(key);
                }
            }

            document = FlagDocument.ParseLenient(FlagDocumentJson.Compose(flags, change.SharedAfter));
        }
        else
        {
            document = set.Document.WithChanges(edits, strict: false);
        }

        set.Current = new FlagSetSnapshot(set.Scope, version, document, at);
        set.Record(version, at, change);
        set.AddFrame(sharedChanged
            ? new StreamFrame(version, $"event: {FlagStreamProtocol.SnapshotEvent}\ndata: {FlagStreamProtocol.SnapshotData(version, document)}\n\n")
            : new StreamFrame(version, $"event: {FlagStreamProtocol.ChangeEvent}\ndata: {FlagStreamProtocol.ChangeData(version, edits)}\n\n"));
    }
}
