using System.Diagnostics;

namespace Slipway.TestKit;

/// <summary>
/// A process started in a session (and process group) of its own, with its output in a log file, so that a test can
/// kill it alone (kill -9, as a crash) or kill its whole group when it cleans up.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    public static ChildProcess Start(string file, IEnumerable<string> args, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        // setsid makes the process the leader of a new session and process group (it execs in place, so the pid stays);
        // sh sends its output to the log file instead of a pipe that grandchildren could hold open.
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in new[] { "sh", "-c", "exec \"$0\" \"$@\" >> \"$TESTKIT_LOG\" 2>&1", file }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TESTKIT_LOG"] = logPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} could not be started.");
        return new ChildProcess(process, logPath);
    }

    /// <summary>kill -9 of this process only: its children (the instances) survive, as in a real crash.</summary>
    public async Task CrashAsync(CancellationToken cancellationToken)
    {
        Signals.Send(Pid, Signals.SigKill);
        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Kills the whole process group, then waits for the process.</summary>
    public async ValueTask DisposeAsync()
    {
        Signals.SendToGroup(Pid, Signals.SigKill);
        Signals.Send(Pid, Signals.SigKill);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
    }
}
