using System.Text.Json;
using Microsoft.Extensions.Logging;
using Slipway.Core.Config;
using Slipway.Core.Judge;
using Slipway.Server.Metrics;
using Slipway.Server.Rollouts;

namespace Slipway.Server.Immune;

/// <summary>
/// The immune system at the bake: every look (one per scrape) compares the wave's new instances with a fresh baseline
/// of the old version started beside them, using the sequential judge, which stays valid however often it looks.
/// It promotes early when every check clearly passes, rolls back as soon as a critical check clearly regressed,
/// and otherwise bakes on up to the extension limit. In shadow mode it only records what it would have done.
/// </summary>
internal sealed partial class JudgeBakeGate(
    IMetricSource metrics,
    TimedBakeGate timed,
    TimeProvider time,
    ILogger<JudgeBakeGate> logger) : IBakeGate
{
    internal static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, GroupSnapshot> _lastBaseline = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Api.BakeProgressView> _progress = new(StringComparer.Ordinal);

    /// <summary>The judged bake of a rollout under way, as of its latest look, or null when none is.</summary>
    public Api.BakeProgressView? Progress(string rolloutId) => _progress.GetValueOrDefault(rolloutId);

    public TimeSpan LookInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The old version's behaviour over the last judged bake of a rollout (counts and window), which the watch window
    /// compares the promoted release with. Kept in memory until the watch begins and journals it.
    /// </summary>
    public GroupSnapshot? TakeRecordedBaseline(string rolloutId) => _lastBaseline.TryRemove(rolloutId, out var s) ? s : null;

    public bool WantsBaseline(string configYaml) => true;

    public async Task<BakeVerdict> BakeAsync(BakeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.PreviousVersion is null)
        {
            // A first release has nothing to be compared with: the timed bake is all there is, and it says so.
            var first = await timed.BakeAsync(context, cancellationToken);
            return first with { Summary = $"{first.Summary} (first release: no old version to compare with)" };
        }

        var config = SlipwayConfigParser.Parse(context.ConfigYaml).Config!;
        var judge = new SequentialJudge(config.Judge);
        var reference = context.BaselineInstanceIds.Count > 0 ? context.BaselineInstanceIds : context.OldInstanceIds;
        var started = time.GetTimestamp();
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var crash = Task.Run(() => timed.WatchForCrashesAsync(context, TimeSpan.MaxValue, stopWatching.Token), stopWatching.Token);
        try
        {
            return await JudgeAsync(context, config.Checks, judge, reference, crash, started, cancellationToken);
        }
        finally
        {
            _progress.TryRemove(context.RolloutId, out _);
            await stopWatching.CancelAsync();
            try
            {
                await crash;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task<BakeVerdict> JudgeAsync(
        BakeContext context,
        IReadOnlyList<Check> checks,
        SequentialJudge judge,
        IReadOnlyList<string> reference,
        Task<BakeVerdict?> crash,
        long started,
        CancellationToken cancellationToken)
    {

        GroupSnapshot? canaryStart = null, baselineStart = null, fleetStart = null;
        var series = new BakeSeries();
        string? lastError = null;
        Verdict? last = null;
        while (true)
        {
            if (crash.IsCompleted && await crash is { } crashed)
            {
                return crashed;
            }

            var elapsed = time.GetElapsedTime(started);
            try
            {
                var canary = await metrics.SnapshotAsync(context.Service, context.WaveInstanceIds, checks, cancellationToken);
                var baseline = await metrics.SnapshotAsync(context.Service, reference, checks, cancellationToken);
                var fleet = await metrics.SnapshotAsync(context.Service, context.OldInstanceIds, checks, cancellationToken);
                canaryStart ??= canary;
                baselineStart ??= baseline;
                fleetStart ??= fleet;
                var baselineDelta = baseline.Since(baselineStart);
                _lastBaseline[context.RolloutId] = baselineDelta with { Window = elapsed };
                last = judge.Evaluate(new JudgeInput
                {
                    Checks = checks,
                    Canary = canary.Since(canaryStart),
                    Baseline = baselineDelta,
                    Fleet = fleet.Since(fleetStart),
                    Elapsed = elapsed,
                    Bake = context.BakeTime,
                });
                series.Add(elapsed, last.Checks);
                lastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An unreachable or broken metric source is "not enough data", never a pass.
                lastError = ex.Message;
                LogSourceFailed(logger, context.RolloutId, ex.Message);
            }

            var limit = context.BakeTime + judge.Options.MaxBakeExtension;
            _progress[context.RolloutId] = BakeProgress.Of(context, judge.Options, last, lastError, elapsed);
            if (last is not null && lastError is null)
            {
                var gate = BakeGate.Decide(last, context.BakeTime, judge.Options);
                if (gate.Action != GateAction.KeepBaking)
                {
                    return Conclude(context, judge.Options, gate, last, elapsed, series);
                }

                context.Progress?.Report(new BakeLook(gate.Reason, elapsed >= context.BakeTime));
            }
            else if (elapsed >= limit)
            {
                var why = $"no usable metrics by the bake limit ({lastError ?? "no data"})";
                return judge.Options.NotEnoughData == NotEnoughDataPolicy.Promote
                    ? BakeVerdict.Promote($"promoted by policy: {why}")
                    : BakeVerdict.Rollback("not_enough_data", $"rolled back by policy: {why}");
            }
            else
            {
                context.Progress?.Report(new BakeLook($"waiting for metrics ({lastError ?? "no data yet"})", elapsed >= context.BakeTime));
            }

            await Task.Delay(NextLook(context.BakeTime, elapsed, time.GetElapsedTime(started)), time, cancellationToken);
        }
    }

    /// <summary>
    /// The wait before the next look, after a look at <paramref name="lookedAt"/> into the bake, now <paramref name="now"/>:
    /// <see cref="LookInterval"/>, but never past the end of the bake while the look was before it, so that the look that
    /// decides at the bake's end comes at its end. A look every interval from the start overshot it by up to a whole
    /// interval: a timer that fired a fraction of a millisecond early made the look at the bake's end one before it,
    /// and the next came an interval later.
    /// </summary>
    internal TimeSpan NextLook(TimeSpan bake, TimeSpan lookedAt, TimeSpan now)
    {
        if (lookedAt >= bake)
        {
            return LookInterval;
        }

        // Whole milliseconds, rounded up: the timer's resolution, so that the wait does not end just before the bake does.
        var remaining = TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(0, (bake - now).TotalMilliseconds)));
        return remaining < LookInterval ? remaining : LookInterval;
    }

    private BakeVerdict Conclude(BakeContext context, JudgeOptions options, GateDecision gate, Verdict verdict, TimeSpan elapsed, BakeSeries series)
    {
        var evidence = JsonSerializer.Serialize(
            new
            {
                decision = gate.Action.ToString().ToLowerInvariant(),
                rule = verdict.Rule,
                elapsedSeconds = Math.Round(elapsed.TotalSeconds, 2),
                summary = verdict.Summary,
                shadow = options.Shadow,
                deciding = verdict.Deciding,
                checks = verdict.Checks,
                bakeSeconds = Math.Round(context.BakeTime.TotalSeconds, 2),
                series = series.ToEvidence(),
            },
            EvidenceJson);
        LogVerdict(logger, context.RolloutId, context.Wave + 1, options.Shadow ? verdict.ShadowSummary : gate.Reason);
        if (options.Shadow)
        {
            // Shadow mode: the judge's verdict is evidence only; the release goes on as the timed bake would have it.
            return BakeVerdict.Promote($"shadow: {verdict.ShadowSummary}", evidence);
        }

        return gate.Action == GateAction.Promote
            ? BakeVerdict.Promote(gate.Reason, evidence)
            : BakeVerdict.Rollback(gate.Action == GateAction.Fail ? "not_enough_data" : "immune", gate.Reason, evidence);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Rollout {RolloutId}: metric source failed: {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string rolloutId, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Rollout {RolloutId} wave {Wave}: {Verdict}")]
    private static partial void LogVerdict(ILogger logger, string rolloutId, int wave, string verdict);
}
