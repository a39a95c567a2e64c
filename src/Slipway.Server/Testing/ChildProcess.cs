using System.Text;
using Slipway.Core.Sandbox;
using Slipway.Server.Processes;

namespace Slipway.Server.Testing;

/// <summary>
/// Runs one child process, streams its stdout lines, collects its stderr, and kills its whole tree at a timeout or on
/// cancellation. The child gets <see cref="StepEnvironment.Base"/> and <c>environment</c>, never this process's own
/// variables (HOME stays this process's unless <c>environment</c> names one), as <c>runAs</c> when one is given.
/// </summary>
internal static class ChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        Action<string> onOutputLine,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken,
        RunAsUser? runAs = null)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in StepEnvironment.Base(Environment.GetEnvironmentVariable("HOME") ?? "/"))
        {
            variables[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        var stderr = new StringBuilder();
        void OnError(string line)
        {
            lock (stderr)
            {
                stderr.AppendLine(line);
            }
        }

        var result = await ExternalProcess.RunAsync(
            fileName, arguments, workingDirectory, variables, onOutputLine, OnError, timeout, timeProvider, cancellationToken, cleanEnvironment: true, runAs).ConfigureAwait(false);
        string error;
        lock (stderr)
        {
            error = stderr.ToString();
        }

        return new ChildProcessResult(result.ExitCode, result.TimedOut, error, result.Duration);
    }
}
