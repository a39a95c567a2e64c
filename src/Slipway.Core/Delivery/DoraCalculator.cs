using Slipway.Core.Journal;

namespace Slipway.Core.Delivery;

/// <summary>
/// The DORA metrics, computed from the journal alone (pure: the events and their journal times in, figures out).
/// <list type="bullet">
/// <item>A <b>change</b> is a rollout of a new release (triggered by a push, a manual deploy or a resume), not the redeploy
/// of an older one that a rollback or a failed watch window asks for.</item>
/// <item><b>Deployment frequency</b>: changes promoted to production in the window, per day.</item>
/// <item><b>Lead time for changes</b>: from the moment Slipway first saw the commit (<c>CommitDetected</c>, else the run
/// that built it being queued) to its promotion. The git commit time is not journaled, so a commit that sat unpushed is not counted.</item>
/// <item><b>Change failure rate</b>: changes rolled back (in a wave) or whose watch window failed, out of the changes that finished.</item>
/// <item><b>Time to restore</b>: from the moment a bad release was detected (the rollback asked for, or the watch window failing)
/// to the old version fully serving again (the rollback finished, or the previous release promoted again).</item>
/// </list>
/// Events are attributed to the day (UTC) of the promotion, the rollback or the restore.
/// </summary>
public static class DoraCalculator
{
    public const string Definitions =
        "change = a rollout of a new release (push, manual, resume); deployment = a change promoted; lead time = first seen (CommitDetected) to promoted; "
        + "change failure = rolled back in a wave or watch window failed, out of finished changes; time to restore = detection to the old version fully serving";

    public static DoraReport Compute(IEnumerable<(DateTimeOffset At, SlipwayEvent Event)> journal, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var firstSeen = new Dictionary<(string, string), DateTimeOffset>();
        var rollouts = new Dictionary<string, Tracked>(StringComparer.Ordinal);
        var awaitingRestore = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var outcomes = new List<Outcome>();

        foreach (var (at, e) in journal)
        {
            switch (e)
            {
                case CommitDetected c:
                    firstSeen.TryAdd((c.Service, c.Commit), at);
                    break;
                case PipelineQueued q:
                    firstSeen.TryAdd((q.Service, q.Commit), at);
                    break;
                case RolloutStarted r:
                    rollouts[r.RolloutId] = new Tracked(r.Service, r.Version, r.Trigger is not ("rollback" or "watch"));
                    break;
                case RollbackRequested r when rollouts.TryGetValue(r.RolloutId, out var t):
                    t.DetectedAt ??= at;
                    break;
                case RollbackStarted r when rollouts.TryGetValue(r.RolloutId, out var t):
                    t.DetectedAt ??= at;
                    break;
                case RolloutPromoted p when rollouts.TryGetValue(p.RolloutId, out var t):
                    if (awaitingRestore.Remove(t.Service, out var detected))
                    {
                        outcomes.Add(new Outcome(t.Service, at, OutcomeKind.Restored, (at - detected).TotalSeconds));
                    }

                    if (t.IsChange)
                    {
                        var seen = firstSeen.TryGetValue((t.Service, t.Version), out var s) ? s : (DateTimeOffset?)null;
                        outcomes.Add(new Outcome(t.Service, at, OutcomeKind.Deployed, seen is { } f ? Math.Max(0, (at - f).TotalSeconds) : null));
                    }

                    break;
                case RolloutRolledBack r when rollouts.TryGetValue(r.RolloutId, out var t):
                    if (t.IsChange)
                    {
                        outcomes.Add(new Outcome(t.Service, at, OutcomeKind.Failed, null));
                    }

                    outcomes.Add(new Outcome(t.Service, at, OutcomeKind.Restored, (at - (t.DetectedAt ?? at)).TotalSeconds));
                    break;
                case WatchFailed w when rollouts.TryGetValue(w.RolloutId, out var t):
                    if (t.IsChange)
                    {
                        outcomes.Add(new Outcome(t.Service, at, OutcomeKind.Failed, null, AfterPromotion: true));
                    }

                    awaitingRestore[t.Service] = at;
                    break;
            }
        }

        var inWindow = outcomes.Where(o => o.At >= from && o.At < to).ToList();
        var days = Math.Max((to - from).TotalDays, 1.0 / 24);
        var services = inWindow.Select(o => o.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToDictionary(s => s, s => Figures(inWindow.Where(o => o.Service == s).ToList(), days), StringComparer.Ordinal);
        var series = new List<DoraDay>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime(to.UtcDateTime.AddTicks(-1)); day = day.AddDays(1))
        {
            var of = inWindow.Where(o => DateOnly.FromDateTime(o.At.UtcDateTime) == day).ToList();
            series.Add(new DoraDay(
                day,
                of.Count(o => o.Kind == OutcomeKind.Deployed),
                of.Count(o => o.Kind == OutcomeKind.Failed),
                Median(of.Where(o => o.Kind == OutcomeKind.Deployed).Select(o => o.Seconds)),
                Median(of.Where(o => o.Kind == OutcomeKind.Restored).Select(o => o.Seconds))));
        }

        return new DoraReport(from, to, Figures(inWindow, days), services, series, Definitions);
    }

    private static DoraFigures Figures(IReadOnlyList<Outcome> outcomes, double days)
    {
        var deployed = outcomes.Where(o => o.Kind == OutcomeKind.Deployed).ToList();
        var failed = outcomes.Count(o => o.Kind == OutcomeKind.Failed);
        var restores = outcomes.Where(o => o.Kind == OutcomeKind.Restored).ToList();
        // A change whose watch failed was promoted first: it counts once, as a deployment that failed.
        var finished = deployed.Count + outcomes.Count(o => o.Kind == OutcomeKind.Failed) - WatchFailuresAmong(outcomes);
        return new DoraFigures(
            deployed.Count,
            Math.Round(deployed.Count / days, 3),
            Median(deployed.Select(o => o.Seconds)),
            Quantile(deployed.Select(o => o.Seconds), 0.9),
            finished,
            failed,
            finished == 0 ? null : Math.Round((double)failed / finished, 4),
            restores.Count,
            Median(restores.Select(o => o.Seconds)));
    }

    private static int WatchFailuresAmong(IReadOnlyList<Outcome> outcomes) => outcomes.Count(o => o.Kind == OutcomeKind.Failed && o.AfterPromotion);

    private static double? Median(IEnumerable<double?> values) => Quantile(values, 0.5);

    private static double? Quantile(IEnumerable<double?> values, double q)
    {
        var sorted = values.OfType<double>().Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return Math.Round(sorted[low] + ((sorted[high] - sorted[low]) * (position - low)), 3);
    }

    private enum OutcomeKind
    {
        Deployed,
        Failed,
        Restored,
    }

    private sealed record Outcome(string Service, DateTimeOffset At, OutcomeKind Kind, double? Seconds, bool AfterPromotion = false);

    private sealed class Tracked(string service, string version, bool isChange)
    {
        public string Service { get; } = service;

        public string Version { get; } = version;

        public bool IsChange { get; } = isChange;

        public DateTimeOffset? DetectedAt { get; set; }
    }
}
