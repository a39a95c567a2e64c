using Slipway.Core.Journal;
using Slipway.Flags;

namespace Slipway.Server.Flags;

/// <summary>The projection of one service and environment's flags. Changed only by <see cref="FlagsProjection"/>, under the journal's lock.</summary>
internal sealed class FlagSet(FlagScope scope)
{
    private const int RecentFramesKept = 256;

    public FlagScope Scope { get; } = scope;

    public FlagSetSnapshot Current { get; set; } = FlagSetSnapshot.Empty(scope);

    /// <summary>Every key this set has ever had: a release never recreates a flag that was deleted at run time.</summary>
    public HashSet<string> KnownKeys { get; } = new(StringComparer.Ordinal);

    public List<FlagAuditEntry> Audit { get; } = [];

    /// <summary>Releases whose declared flags have been reconciled into this set.</summary>
    public HashSet<string> AppliedReleases { get; } = new(StringComparer.Ordinal);

    /// <summary>The stream frames of the latest versions, oldest first, for the stream hub to fan out.</summary>
    public LinkedList<StreamFrame> RecentFrames { get; } = new();

    public ExperimentTally Experiments { get; } = new();

    /// <summary>Per flag key, its latest guarded rollout (active or ended).</summary>
    public Dictionary<string, GuardedRollout> Guarded { get; } = new(StringComparer.Ordinal);

    public void AddFrame(StreamFrame frame)
    {
        RecentFrames.AddLast(frame);
        while (RecentFrames.Count > RecentFramesKept)
        {
            RecentFrames.RemoveFirst();
        }
    }

    public void Record(long version, DateTimeOffset at, FlagsChanged change)
    {
        foreach (var edit in change.Flags)
        {
            KnownKeys.Add(edit.Key);
            Audit.Add(new FlagAuditEntry(version, at, change.By, change.Action, edit.Key, edit.Before, edit.After));
        }

        if (change.SharedAfter is not null || change.SharedBefore is not null)
        {
            Audit.Add(new FlagAuditEntry(version, at, change.By, change.Action, "$document", change.SharedBefore, change.SharedAfter));
        }
    }

    public FlagDocument Document => Current.Document;
}
