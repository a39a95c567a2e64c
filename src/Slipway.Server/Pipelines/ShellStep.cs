using System.Diagnostics;
using System.Text;

namespace Slipway.Server.Pipelines;

/// <summary>Runs one shell command for a pipeline step, streaming its output to a log file and to a line callback.</summary>
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
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var tail = new Queue<string>();
        var started = time.GetTimestamp();
        await using var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        await log.WriteLineAsync($"$ {command}");
        var gate = new Lock();
        void Line(string? line)
        {
            if (line is null)
            {
                return;
            }

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

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutCts = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, cancellationToken);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            timedOut = timeoutCts.IsCancellationRequested;
            cancellationToken.ThrowIfCancellationRequested();
            Line($"slipway: step killed after {timeout.TotalSeconds:0.#} s timeout");
        }

        // Let the asynchronous readers drain what the process wrote last.
        process.WaitForExit();
        string tailText;
        lock (gate)
        {
            tailText = string.Join('\n', tail);
        }

        return new StepResult(timedOut ? -1 : process.ExitCode, time.GetElapsedTime(started), timedOut, tailText);
    }
}
