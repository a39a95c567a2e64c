using System.Diagnostics;
using Slipway.Core.Config;
using Slipway.Core.Rollouts;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Demo;

/// <summary>Drives the demo through the real server: registers the service, pushes, and waits for each commit's outcome.</summary>
internal sealed class DemoScenario(SlipwayServer server, SampleRepository repo, DemoOutput output)
{
    private static readonly TimeSpan OutcomeTimeout = TimeSpan.FromMinutes(10);
    private readonly Stopwatch _sinceCommit = new();

    public async Task RegisterAsync(string service, CancellationToken ct)
    {
        _sinceCommit.Restart();
        await server.Coordinator.RegisterAsync(service, repo.Path, "main", 0, 1, ct);
    }

    public async Task PushAsync(string service, CancellationToken ct)
    {
        _sinceCommit.Restart();
        await server.Coordinator.PollAsync(service, ct);
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

                if (run.Status == "failed")
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
                return new DemoRelease(
                    label,
                    commit,
                    rollout.State.Outcome == RolloutOutcome.Promoted ? "promoted" : "rolled_back",
                    rollout.State.Outcome == RolloutOutcome.Promoted ? null : rollout.State.RollbackReason,
                    rollout.State.RollbackSummary,
                    rollout.State.Waves,
                    rollout.State.Started.Instances,
                    timings);
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
