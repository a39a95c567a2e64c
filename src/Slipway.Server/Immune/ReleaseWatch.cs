using System.Text.Json;
using Microsoft.Extensions.Logging;
using Slipway.Core.Config;
using Slipway.Core.Judge;
using Slipway.Core.Journal;
using Slipway.Server.Journal;
using Slipway.Server.Metrics;

namespace Slipway.Server.Immune;

/// <summary>
/// The watch window after promotion: the promoted release, on all its instances, is compared with the previous
/// release's recorded behaviour (its baseline during the last bake). A regression journals <see cref="WatchFailed"/>,
/// which the coordinator answers by redeploying the previous release. The reference is journaled with
/// <see cref="WatchStarted"/>, so a watch a restart interrupted starts again against it (its window from the start).
/// </summary>
internal sealed partial class ReleaseWatch(
    EventJournal journal,
    IMetricSource metrics,
    JudgeBakeGate gate,
    TimeProvider time,
    ILogger<ReleaseWatch> logger)
{
    /// <summary>Watches a promoted rollout; returns true when the release regressed and must be rolled back.</summary>
    public async Task<bool> WatchAsync(string rolloutId, CancellationToken cancellationToken)
    {
        var previous = gate.TakeRecordedBaseline(rolloutId);
        var started = journal.Read(s => s.Rollouts[rolloutId].State.Started);
        var config = SlipwayConfigParser.Parse(started.ConfigYaml).Config!;
        if (started.PreviousVersion is null || config.Judge.Shadow || config.Judge.WatchWindow <= TimeSpan.Zero)
        {
            return false;
        }

        // The reference is the bake's record, journaled when the watch begins; a restarted server reads it back.
        if (previous is not null)
        {
            var reference = JsonSerializer.Serialize(previous, JudgeBakeGate.EvidenceJson);
            await journal.AppendAsync(new WatchStarted(started.Service, rolloutId, started.Version, reference), CancellationToken.None);
        }
        else if (journal.Read(s => s.Rollouts[rolloutId].OpenWatch) is { } open)
        {
            previous = JsonSerializer.Deserialize<GroupSnapshot>(open.ReferenceJson, JudgeBakeGate.EvidenceJson);
        }

        if (previous is null)
        {
            // No baseline to judge against: the window still passes before it ends (a rollback can still come back to the
            // old shape until then), journaled, so that contract migrations waiting for it run after it, also after a restart.
            if (journal.Read(s => s.Rollouts[rolloutId].OpenWatch) is null)
            {
                await journal.AppendAsync(new WatchStarted(started.Service, rolloutId, started.Version, "null"), CancellationToken.None);
            }

            await Task.Delay(config.Judge.WatchWindow, time, cancellationToken);
            await journal.AppendAsync(new WatchPassed(started.Service, rolloutId, started.Version,
                $"no baseline from the last bake to compare with: the {config.Judge.WatchWindow.TotalSeconds:0.#} s window passed with no verdict", null), CancellationToken.None);
            return false;
        }

        var judge = new SequentialJudge(config.Judge);
        var begin = time.GetTimestamp();
        GroupSnapshot? start = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            var ids = journal.Read(s => s.Fleet.ForService(started.Service).Where(i => i.Version == started.Version).Select(i => i.Id).ToList());
            GroupSnapshot now;
            try
            {
                now = await metrics.SnapshotAsync(started.Service, ids, config.Checks, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSourceFailed(logger, rolloutId, ex.Message);
                continue;
            }

            start ??= now;
            var elapsed = time.GetElapsedTime(begin);
            var verdict = judge.EvaluateWatch(new WatchInput { Checks = config.Checks, Current = now.Since(start), Previous = previous, Elapsed = elapsed });
            var evidence = JsonSerializer.Serialize(new { decision = verdict.Decision.ToString().ToLowerInvariant(), rule = verdict.Rule, elapsedSeconds = Math.Round(elapsed.TotalSeconds, 2), deciding = verdict.Deciding, checks = verdict.Checks }, JudgeBakeGate.EvidenceJson);
            if (verdict.Decision == Decision.Rollback)
            {
                await journal.AppendAsync(new WatchFailed(started.Service, rolloutId, started.Version, verdict.Summary, evidence), CancellationToken.None);
                return true;
            }

            if (verdict.Decision == Decision.Promote || elapsed >= config.Judge.WatchWindow)
            {
                await journal.AppendAsync(new WatchPassed(started.Service, rolloutId, started.Version, verdict.Summary, evidence), CancellationToken.None);
                return false;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Watch of {RolloutId}: metric source failed: {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string rolloutId, string reason);
}
