using System.Text;
using Slipway.Core.Sandbox;
using Slipway.Server.Processes;
using Slipway.Server.Secrets;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Runs one shell command for a pipeline step, streaming its output to a log file and to a line callback. At the timeout,
/// or on cancellation, the command is killed with every process it started. The command gets exactly
/// <c>environment</c> on top of <see cref="StepEnvironment.Base"/> (never the server's own variables), runs as
/// <c>runAs</c> when one is given, and every line has the service's secrets masked before it is written anywhere.
/// </summary>
internal static class ShellStep
{
    private const int TailLines = 40;

    public static async Task<StepResult> RunAsync(
        string command,
        string workingDirectory,
        string logPath,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment,
        Action<string>? onLine,
        TimeProvider time,
        CancellationToken cancellationToken,
        SecretMasker? masker = null,
        RunAsUser? runAs = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        masker ??= SecretMasker.None;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in StepEnvironment.Base(System.Environment.GetEnvironmentVariable("HOME") ?? "/"))
        {
            variables[key] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var tail = new Queue<string>();
        var started = time.GetTimestamp();
        await using var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        await log.WriteLineAsync(masker.Apply($"$ {command}"));
        var gate = new Lock();
        void Line(string line)
        {
            line = masker.Apply(line);
            lock (gate)
            {
                log.WriteLine(line);
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }

            onLine?.Invoke(line);
        }

        // A cancellation kills the step's whole process tree and throws; a timeout does the same and is a result.
        var result = await ExternalProcess.RunAsync("/bin/sh", ["-c", command], workingDirectory, variables, Line, Line, timeout, time, cancellationToken, cleanEnvironment: true, runAs);
        if (result.TimedOut)
        {
            Line($"slipway: step killed after {timeout.TotalSeconds:0.#} s timeout");
        }

        string tailText;
        lock (gate)
        {
            tailText = string.Join('\n', tail);
        }

        return new StepResult(result.ExitCode, time.GetElapsedTime(started), result.TimedOut, tailText);
    }
}
