using System.Text;
using Slipway.Server.Processes;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Runs one shell command for a pipeline step, streaming its output to a log file and to a line callback. At the timeout,
/// or on cancellation, the command is killed with every process it started.
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
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var variables = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var tail = new Queue<string>();
        var started = time.GetTimestamp();
        await using var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        await log.WriteLineAsync($"$ {command}");
        var gate = new Lock();
        void Line(string line)
        {
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
        var result = await ExternalProcess.RunAsync("/bin/sh", ["-c", command], workingDirectory, variables, Line, Line, timeout, time, cancellationToken);
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
