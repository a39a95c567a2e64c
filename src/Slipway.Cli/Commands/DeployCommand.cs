using System.CommandLine;
using System.Globalization;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway deploy &lt;service&gt; &lt;commit&gt; [--wait [--timeout S]] [--json]`: rolls out a commit (built already, or
/// built now); refused while a rollout runs or when the commit is already in production. With <c>--wait</c> it
/// follows the run and the rollout to their end, for scripts: exit 0 promoted, 1 rolled back or failed, 3 timed out.
/// </summary>
internal static class DeployCommand
{
    public const int TimedOut = 3;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var service = ServiceAction.ServiceArgument();
        var commit = new Argument<string>("commit") { Description = "a commit sha, or a ref of the service's repository" };
        var wait = CliOptions.Switch("--wait", "wait for the outcome: exit 0 when promoted, 1 when rolled back or failed, 3 on --timeout");
        var timeout = CliOptions.Int("--timeout", "with --wait: give up after this many seconds (default: 1800)", "SECONDS", minimum: 1);
        var json = JsonOutput.Option("the answer (with --wait: the outcome)");
        var server = CliOptions.Server();
        var command = new Command("deploy", "roll out a commit (refused while a rollout runs, or if it is in production already)") { service, commit, wait, timeout, json, server };
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(timeout) is not null && !parse.GetValue(wait))
            {
                throw new UsageException("--timeout needs --wait.");
            }

            return RunAsync(
                parse.GetValue(server)!,
                parse.GetValue(service)!,
                parse.GetValue(commit)!,
                parse.GetValue(wait) ? TimeSpan.FromSeconds(parse.GetValue(timeout) ?? 1800) : null,
                parse.GetValue(json),
                parse.InvocationConfiguration.Output,
                parse.InvocationConfiguration.Error,
                ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string service, string commit, TimeSpan? wait, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var statusPath = $"api/services/{Uri.EscapeDataString(service)}";

        // The rollouts there were before: any other one for the commit is the one this deploy started.
        HashSet<string> before = [];
        if (wait is not null)
        {
            var (earlier, statusError) = await api.SendAsync<ServiceStatus>(HttpMethod.Get, statusPath, null, ct);
            if (statusError is not null)
            {
                await stderr.WriteLineAsync(statusError);
                return 1;
            }

            before = [.. earlier!.Rollouts.Select(r => r.RolloutId)];
        }

        var (queued, error) = await api.SendAsync<QueuedResponse>(HttpMethod.Post, ServiceAction.Path(service, "deploy"), new DeployRequest(commit), ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        if (wait is null)
        {
            await (json ? JsonOutput.WriteAsync(stdout, queued) : stdout.WriteLineAsync($"{queued!.Service}: {queued.Message}"));
            return 0;
        }

        if (!json)
        {
            await stdout.WriteLineAsync($"{queued!.Service}: {queued.Message}");
        }

        var outcome = await WaitAsync(api, statusPath, queued!, before, wait.Value, json ? TextWriter.Null : stdout, ct);
        if (json)
        {
            await JsonOutput.WriteAsync(stdout, outcome);
        }
        else if (outcome.Outcome != "promoted")
        {
            await stderr.WriteLineAsync($"{service}: {outcome.Detail}");
        }

        return outcome.Outcome switch
        {
            "promoted" => 0,
            "timed_out" => TimedOut,
            _ => 1,
        };
    }

    /// <summary>Follows the run (if one builds the commit) and then the rollout, printing each change, until an end or the timeout.</summary>
    private static async Task<DeployOutcome> WaitAsync(ApiClient api, string statusPath, QueuedResponse queued, HashSet<string> before, TimeSpan timeout, TextWriter stdout, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var deadline = time.GetUtcNow() + timeout;
        var (runId, rolloutId) = (queued.RunId, queued.RolloutId);
        string? version = null;
        string? said = null;
        while (true)
        {
            var (status, error) = await api.SendAsync<ServiceStatus>(HttpMethod.Get, statusPath, null, ct);
            if (error is not null)
            {
                return new DeployOutcome(queued.Service, runId, rolloutId, "failed", error);
            }

            var run = rolloutId is null && runId is not null ? status!.Runs.FirstOrDefault(r => r.RunId == runId) : null;
            if (run is not null)
            {
                version = run.Commit;
                if (run.Status is "failed" or "superseded")
                {
                    return new DeployOutcome(queued.Service, runId, null, "failed", $"run {runId} {run.Status}{(run.FailedStep is null ? string.Empty : $" at {run.FailedStep}: {run.Message}")}");
                }

                rolloutId = status!.Rollouts.FirstOrDefault(r => r.Version == version && !before.Contains(r.RolloutId))?.RolloutId;
            }

            var rollout = rolloutId is null ? null : status!.Rollouts.FirstOrDefault(r => r.RolloutId == rolloutId);
            var now = rollout is not null ? $"rollout {rollout.RolloutId} {rollout.Outcome}, wave {rollout.CurrentWave + 1} of {rollout.Waves.Count}"
                : run is not null ? $"run {run.RunId} {run.Status}"
                : null;
            if (now is not null && now != said)
            {
                await stdout.WriteLineAsync($"{queued.Service}: {now}");
                said = now;
            }

            if (rollout is { Outcome: "promoted" or "rolled_back" })
            {
                var detail = rollout.Outcome == "promoted"
                    ? $"rollout {rollout.RolloutId} promoted"
                    : $"rollout {rollout.RolloutId} rolled_back ({rollout.Reason}){(rollout.Summary is null ? string.Empty : ": " + rollout.Summary)}";
                return new DeployOutcome(queued.Service, runId, rollout.RolloutId, rollout.Outcome, detail);
            }

            if (time.GetUtcNow() >= deadline)
            {
                return new DeployOutcome(queued.Service, runId, rolloutId, "timed_out", $"no outcome after {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s; last seen: {now ?? "nothing yet"}");
            }

            await Task.Delay(PollInterval, time, ct);
        }
    }

    /// <summary>How a waited-for deploy ended: promoted, rolled_back, failed or timed_out, with the run and rollout ids.</summary>
    private sealed record DeployOutcome(string Service, string? RunId, string? RolloutId, string Outcome, string Detail);
}
