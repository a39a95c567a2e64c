using System.Text;
using Slipway.Server.Processes;

namespace Slipway.Server.Testing;

/// <summary>Runs one child process, streams its stdout lines, collects its stderr, and kills its whole tree at a timeout or on cancellation.</summary>
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
        CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string?>();
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        variables["DOTNET_NOLOGO"] = "1";

        var stderr = new StringBuilder();
        void OnError(string line)
        {
            lock (stderr)
            {
                stderr.AppendLine(line);
            }
        }

        var result = await ExternalProcess.RunAsync(
            fileName, arguments, workingDirectory, variables, onOutputLine, OnError, timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        string error;
        lock (stderr)
        {
            error = stderr.ToString();
        }

        return new ChildProcessResult(result.ExitCode, result.TimedOut, error, result.Duration);
    }
}
