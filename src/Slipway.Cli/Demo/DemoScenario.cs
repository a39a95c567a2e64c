using System.Diagnostics;
using Slipway.Core.Config;
using Slipway.Core.Rollouts;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Demo;

/// <summary>Drives the demo through the real server: registers the service, pushes, and waits for each commit's outcome.</summary>
internal sealed class DemoScenario(SlipwayServer server, SampleRepository repo, DemoOutput output)
{
    /// <summary>The load through the front door, if any: a rollout's release then reports the requests that failed during it.</summary>
    public LoadGenerator? Load { get; set; }

    private static readonly TimeSpan OutcomeTimeout = TimeSpan.FromMinutes(10);
    private readonly Stopwatch _sinceCommit = new();

    public async Task RegisterAsync(string service, CancellationToken ct)
    {
        _sinceCommit.Restart();
        await server.Commands.RegisterAsync(service, repo.Path, "main", 0, 1, ct);
    }

    public async Task PushAsync(string service, CancellationToken ct)
    {
        _sinceCommit.Restart();
        await server.Commands.PollAsync(service, ct);
    }

    /// <summary>Waits until the commit's pipeline failed or its rollout finished, printing progress while a long step runs.</summary>
    public async Task<DemoRelease> WaitForOutcomeAsync(string label, string commit, CancellationToken ct)
    {
        var lastProgress = Stopwatch.StartNew();
        while (_sinceCommit.Elapsed < OutcomeTimeout)
        {
            var release = server.Journal.Read(s =>
            {
                var run = s.Runs.Values.Where(r => r.Commit == commit).OrderBy(r => r.QueuedAt).LastOrDefault();
                if (run is null)
                {
                    return null;
                }

                if (run.Status == Slipway.Core.Services.RunStatus.Failed)
                {
                    return new DemoRelease(label, commit, "failed", run.Failure!.Step, run.Failure.Message, [], 0, StepTimings(run));
                }

                var rollout = s.Rollouts.Values.Where(r => r.State.Version == commit).OrderBy(r => r.StartedAt).LastOrDefault();
                if (rollout is null || !rollout.State.IsFinished)
                {
                    return null;
                }

                var timings = StepTimings(run);
                timings["rollout"] = Math.Round((rollout.FinishedAt!.Value - rollout.StartedAt).TotalSeconds, 2);
                timings["commit_to_outcome"] = Math.Round(_sinceCommit.Elapsed.TotalSeconds, 2);
                var config = SlipwayConfigParser.Parse(rollout.State.Started.ConfigYaml).Config;
                timings["bake_per_wave"] = config?.Bake.TotalSeconds ?? 0;
                if (run.StartedAt is { } runStarted)
                {
                    timings["queued"] = Math.Round((runStarted - run.QueuedAt).TotalSeconds, 2);
                }

                if (Server.Api.Views.WaitingForData(rollout) is { } waiting)
                {
                    timings["waiting_for_data"] = waiting;
                }
                var evidence = Evidence(rollout);
                if (Load is not null)
                {
                    var (total, failed) = Load.Between(rollout.StartedAt, rollout.FinishedAt!.Value);
                    evidence ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                    evidence["requests_during_rollout"] = total;
                    evidence["failed_during_rollout"] = failed;
                    evidence["failed_share_during_rollout"] = total == 0 ? 0 : Math.Round((double)failed / total, 5);
                }

                if (evidence is not null && evidence.TryGetValue("bad_traffic_to_old_only_seconds", out var reaction) && reaction is double seconds)
                {
                    timings["immune_reaction"] = seconds;
                }

                return new DemoRelease(
                    label,
                    commit,
                    rollout.State.Outcome == RolloutOutcome.Promoted ? "promoted" : "rolled_back",
                    rollout.State.Outcome == RolloutOutcome.Promoted ? null : rollout.State.RollbackReason,
                    rollout.State.RollbackSummary,
                    rollout.State.Waves,
                    rollout.State.Started.Instances,
                    timings,
                    evidence);
            });
            if (release is not null)
            {
                return release;
            }

            if (lastProgress.Elapsed > TimeSpan.FromSeconds(10))
            {
                lastProgress.Restart();
                output.Line($"  … {label} in progress, {_sinceCommit.Elapsed.TotalSeconds:0} s since commit");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        throw new TimeoutException($"{label} ({commit[..7]}) had no outcome after {OutcomeTimeout.TotalMinutes} minutes.");
    }

    /// <summary>
    /// For a judged rollback: the deciding check's numbers, the decision time, and how long the bad version
    /// took traffic (from its first routing to the front door routing only to the old version).
    /// </summary>
    private static Dictionary<string, object?>? Evidence(Server.State.RolloutView rollout)
    {
        var request = rollout.Timeline.Select(t => t.Event).OfType<Core.Journal.RollbackRequested>().FirstOrDefault();
        if (request?.EvidenceJson is not { } json)
        {
            return null;
        }

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["summary"] = request.Summary,
            ["decision_seconds"] = root.TryGetProperty("elapsedSeconds", out var e) ? e.GetDouble() : null,
            ["rule"] = root.TryGetProperty("rule", out var rule) ? rule.GetString() : null,
        };
        if (root.TryGetProperty("deciding", out var deciding) && deciding.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            result["check"] = deciding.TryGetProperty("check", out var c) ? c.GetString() : null;
            result["metric"] = deciding.TryGetProperty("metric", out var m) ? m.GetString() : null;
            result["old"] = deciding.TryGetProperty("old", out var o) && o.ValueKind == System.Text.Json.JsonValueKind.Number ? o.GetDouble() : null;
            result["new"] = deciding.TryGetProperty("new", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.Number ? n.GetDouble() : null;
            result["old_requests"] = deciding.TryGetProperty("oldCount", out var oc) ? oc.GetDouble() : null;
            result["new_requests"] = deciding.TryGetProperty("newCount", out var nc) ? nc.GetDouble() : null;
            result["p_value"] = deciding.TryGetProperty("pValue", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Number ? p.GetDouble() : null;
        }

        var newIds = rollout.State.NewInstances.ToHashSet(StringComparer.Ordinal);
        var routed = rollout.Timeline.FirstOrDefault(t => t.Event is Core.Journal.InstancesRouted r && r.InstanceIds.Any(newIds.Contains));
        var unrouted = rollout.Timeline.FirstOrDefault(t => t.Event is Core.Journal.InstancesUnrouted u && u.InstanceIds.Any(newIds.Contains));
        if (routed.Event is not null && unrouted.Event is not null)
        {
            result["bad_traffic_to_old_only_seconds"] = Math.Round((unrouted.At - routed.At).TotalSeconds, 2);
        }

        return result;
    }

    private static Dictionary<string, double> StepTimings(Server.State.RunView run)
    {
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var step in run.Steps)
        {
            var key = step.Step.StartsWith("build", StringComparison.Ordinal) ? "build" : step.Step;
            timings[key] = Math.Round(timings.GetValueOrDefault(key) + step.Seconds, 2);
        }

        return timings;
    }
}
