using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Core.Config;
using Slipway.Core.Journal;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Runs one pipeline: checkout of the exact commit into a fresh workspace, config, build, test, package.
/// Every step is journaled with its exit code, time and log tail; the first failure stops the run and nothing is deployed.
/// </summary>
internal sealed partial class PipelineRunner(
    EventJournal journal,
    ArtifactStore artifacts,
    ServerPaths paths,
    TimeProvider time,
    ILogger<PipelineRunner> logger)
{
    public async Task<bool> RunAsync(string service, string runId, string commit, CancellationToken cancellationToken)
    {
        await journal.AppendAsync(new PipelineStarted(service, runId, commit), CancellationToken.None);
        LogStarted(logger, runId, service, commit);
        var workspace = Path.Combine(paths.Workspaces, runId);
        var logs = Path.Combine(paths.Logs, runId);
        try
        {
            // checkout
            var started = time.GetTimestamp();
            try
            {
                await Git.CheckoutAsync(paths.Mirror(service), commit, workspace, cancellationToken);
            }
            catch (GitException ex)
            {
                return await FailAsync(service, runId, commit, "checkout", 1, ex.Message, ex.Message, started);
            }

            await StepAsync(service, runId, "checkout", new StepResult(0, time.GetElapsedTime(started), false, $"checked out {commit}"));

            // config
            started = time.GetTimestamp();
            var configPath = Path.Combine(workspace, SlipwayConfigParser.FileName);
            if (!File.Exists(configPath))
            {
                return await FailAsync(service, runId, commit, "config", 1, $"{SlipwayConfigParser.FileName} is missing at the root of the repository.", string.Empty, started);
            }

            var yaml = await File.ReadAllTextAsync(configPath, cancellationToken);
            var parsed = SlipwayConfigParser.Parse(yaml, SlipwayConfigParser.FileName);
            if (parsed.Config is not { } config)
            {
                var message = string.Join('\n', parsed.Errors.Select(e => e.ToString()));
                return await FailAsync(service, runId, commit, "config", 1, message, message, started);
            }

            if (config.Flags is { } flagsFile)
            {
                var (flagsDocument, flagsError) = await Flags.ReleaseFlagsFile.ReadAsync(workspace, flagsFile, cancellationToken);
                if (flagsDocument is null)
                {
                    return await FailAsync(service, runId, commit, "config", 1, flagsError!, flagsError!, started);
                }

                await journal.AppendAsync(new ReleaseFlagsDeclared(service, runId, commit, flagsFile, flagsDocument), CancellationToken.None);
            }

            await StepAsync(service, runId, "config", new StepResult(0, time.GetElapsedTime(started), false, $"{config.Instances} instance(s), waves {string.Join(',', config.Waves.Plan(config.Instances))}, bake {config.Bake.TotalSeconds:0.#} s"));

            // build
            var env = new Dictionary<string, string> { ["SLIPWAY_COMMIT"] = commit, ["SLIPWAY_SERVICE"] = service };
            for (var i = 0; i < config.Build.Count; i++)
            {
                var result = await ShellStep.RunAsync(config.Build[i], workspace, Path.Combine(logs, "build.log"), config.Timeouts.Build, env, null, time, cancellationToken);
                if (!result.Succeeded)
                {
                    return await FailAsync(service, runId, commit, "build", result.ExitCode, Describe("build", config.Build[i], result), result.LogTail, result);
                }

                await StepAsync(service, runId, config.Build.Count == 1 ? "build" : $"build[{i}]", result);
            }

            // test
            if (config.Test is { } test)
            {
                var result = await ShellStep.RunAsync(test, workspace, Path.Combine(logs, "test.log"), config.Timeouts.Test, env, null, time, cancellationToken);
                if (!result.Succeeded)
                {
                    return await FailAsync(service, runId, commit, "test", result.ExitCode, Describe("test", test, result), result.LogTail, result);
                }

                await StepAsync(service, runId, "test", result);
            }

            // package
            started = time.GetTimestamp();
            string digest;
            long bytes;
            try
            {
                (digest, bytes) = await artifacts.PackAsync(Path.Combine(workspace, config.Artifact), cancellationToken);
            }
            catch (DirectoryNotFoundException ex)
            {
                return await FailAsync(service, runId, commit, "package", 1, ex.Message, ex.Message, started);
            }

            await StepAsync(service, runId, "package", new StepResult(0, time.GetElapsedTime(started), false, $"sha256:{digest} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)"));
            await journal.AppendAsync(new PipelineSucceeded(service, runId, commit, digest, bytes, yaml), CancellationToken.None);
            LogSucceeded(logger, runId, digest);
            return true;
        }
        finally
        {
            TryDelete(workspace);
        }
    }

    private static string Describe(string step, string command, StepResult result) => result.TimedOut
        ? $"{step} timed out after {result.Duration.TotalSeconds:0} s: {command}"
        : $"{step} failed with exit code {result.ExitCode}: {command}";

    private Task StepAsync(string service, string runId, string step, StepResult result) =>
        journal.AppendAsync(new PipelineStepCompleted(service, runId, step, result.ExitCode, result.Duration.TotalSeconds, true, result.LogTail), CancellationToken.None);

    private Task<bool> FailAsync(string service, string runId, string commit, string step, int exitCode, string message, string tail, long started) =>
        FailAsync(service, runId, commit, step, exitCode, message, tail, new StepResult(exitCode, time.GetElapsedTime(started), false, tail));

    private async Task<bool> FailAsync(string service, string runId, string commit, string step, int exitCode, string message, string tail, StepResult result)
    {
        await journal.AppendAsync(
            [
                new PipelineStepCompleted(service, runId, step, exitCode, result.Duration.TotalSeconds, false, tail),
                new PipelineFailed(service, runId, commit, step, exitCode, message, tail),
            ],
            CancellationToken.None);
        LogFailed(logger, runId, step, message);
        return false;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Pipeline {RunId} for {Service}@{Commit} started")]
    private static partial void LogStarted(ILogger logger, string runId, string service, string commit);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Pipeline {RunId} packaged sha256:{Digest}")]
    private static partial void LogSucceeded(ILogger logger, string runId, string digest);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Pipeline {RunId} failed at {Step}: {Message}")]
    private static partial void LogFailed(ILogger logger, string runId, string step, string message);
}
