using CliWrap;
using Slipway.Core.Sandbox;

namespace Slipway.Server.Processes;

/// <summary>
/// Runs one external program (git, a build or test step, a test executable) through CliWrap: standard input closed,
/// each line of standard output and standard error handed to a callback as it comes. At the timeout, or when
/// <c>cancellationToken</c> fires, the whole process tree is killed (CliWrap's forceful cancellation is
/// <c>Process.Kill(entireProcessTree: true)</c>), so no grandchild is left behind. A timeout is a result
/// (<see cref="ExternalProcessResult.TimedOut"/>); a cancellation throws <see cref="OperationCanceledException"/>.
/// With <c>cleanEnvironment</c> the child gets exactly <c>environment</c> and nothing of this process's own (CliWrap
/// merges with the parent's; a variable set to null is removed, so every parent variable is removed by name). With
/// <c>runAs</c> it runs as that user through setpriv.
/// </summary>
internal static class ExternalProcess
{
    public static async Task<ExternalProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        Action<string> onStandardOutput,
        Action<string> onStandardError,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken,
        bool cleanEnvironment = false,
        RunAsUser? runAs = null)
    {
        IReadOnlyDictionary<string, string?> variables = cleanEnvironment
            ? StepEnvironment.Replacing(environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal))
            : environment;
        if (runAs is not null)
        {
            (fileName, var wrapped) = runAs.Wrap(fileName, arguments);
            arguments = wrapped;
        }

        var command = Cli.Wrap(fileName)
            .WithArguments(arguments)
            .WithEnvironmentVariables(variables)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(onStandardOutput))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(onStandardError))
            .WithValidation(CommandResultValidation.None);
        if (workingDirectory is not null)
        {
            command = command.WithWorkingDirectory(workingDirectory);
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var started = time.GetTimestamp();
        try
        {
            var result = await command.ExecuteAsync(linked.Token).ConfigureAwait(false);
            return new ExternalProcessResult(result.ExitCode, TimedOut: false, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeoutSource.IsCancellationRequested)
        {
            return new ExternalProcessResult(-1, TimedOut: true, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The tree is already killed; report the caller's cancellation, not our linked token.
            throw new OperationCanceledException($"{Path.GetFileName(fileName)} was cancelled and killed with its child processes.", cancellationToken);
        }
    }
}
