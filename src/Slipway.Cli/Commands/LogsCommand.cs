using System.CommandLine;
using System.Globalization;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway logs &lt;run&gt; [step] [--json]`: a run's steps with their logs: the whole log of the build and test
/// steps, the journaled tail of the others. With a step, that step's log alone, as it is.
/// </summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "the run's id, such as hello-5 ('slipway history' lists them)" };
        var step = new Argument<string?>("step") { Description = "one step: checkout, config, build, test, package", Arity = ArgumentArity.ZeroOrOne };
        var json = JsonOutput.Option("the run and its logs");
        var server = CliOptions.Server();
        var command = new Command("logs", "a run's steps and their logs") { run, step, json, server };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!, parse.GetValue(run)!, parse.GetValue(step), parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string runId, string? step, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (detail, error) = await api.SendAsync<RunDetail>(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}", null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        var steps = detail!.Steps.Where(s => step is null || s.Step == step).ToList();
        if (step is not null && steps.Count == 0)
        {
            await stderr.WriteLineAsync($"run {runId} has no step '{step}'; its steps: {(detail.Steps.Count == 0 ? "none yet" : string.Join(", ", detail.Steps.Select(s => s.Step)))}.");
            return 1;
        }

        var logs = new List<(StepView Step, string Log)>();
        foreach (var s in steps)
        {
            logs.Add((s, await FullLogAsync(api, runId, s, ct)));
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, new { detail.Run, Steps = logs.Select(l => new { l.Step.Step, l.Step.Succeeded, l.Step.ExitCode, l.Step.Seconds, l.Log }).ToList() });
            return 0;
        }

        if (step is not null)
        {
            await stdout.WriteAsync(logs[0].Log.EndsWith('\n') ? logs[0].Log : logs[0].Log + "\n");
            return 0;
        }

        var r = detail.Run;
        await stdout.WriteLineAsync($"run {r.RunId}: {r.Commit[..Math.Min(7, r.Commit.Length)]} ({r.Trigger}), {r.Status}{(r.FailedStep is null ? string.Empty : $" at {r.FailedStep}: {r.Message}")}");
        foreach (var (s, log) in logs)
        {
            await stdout.WriteLineAsync($"== {s.Step}: {(s.Succeeded ? "ok" : $"FAILED (exit {s.ExitCode.ToString(CultureInfo.InvariantCulture)})")} in {s.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            if (log.Length > 0)
            {
                await stdout.WriteAsync(log.EndsWith('\n') ? log : log + "\n");
            }
        }

        return 0;
    }

    /// <summary>The whole log of a build or test step (the server keeps those as files); the journaled tail of the others.</summary>
    private static async Task<string> FullLogAsync(ApiClient api, string runId, StepView step, CancellationToken ct)
    {
        if (step.Step is "build" or "test")
        {
            var (text, error) = await api.GetTextAsync($"api/runs/{Uri.EscapeDataString(runId)}/logs/{step.Step}", ct);
            if (error is null && text is not null)
            {
                return text;
            }
        }

        return step.LogTail;
    }
}
