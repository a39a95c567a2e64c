using System.Globalization;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Processes;

/// <summary>Finds the processes a test's command started (through the pid files it writes) and waits for them to be gone.</summary>
internal static class ProcessTree
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Waits until the command has written its pid file, and returns the pid.</summary>
    public static async Task<int> WaitForPidFileAsync(string path, CancellationToken cancellationToken) =>
        (await Eventually.GetAsync(
            () => Task.FromResult(File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : (int?)null),
            pid => pid is not null,
            $"the command to write {path}",
            cancellationToken,
            Patience))!.Value;

    /// <summary>Reads a pid file that the command wrote before the test could look.</summary>
    public static int ReadPidFile(string path)
    {
        Assert.True(File.Exists(path), $"the command never wrote {path}");
        return int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>True while <paramref name="pid"/> runs. A zombie (killed, not yet reaped by a PID 1 that does not reap) counts as gone.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits for each process to be gone (SIGKILL is delivered asynchronously); fails naming the ones still running.</summary>
    public static Task AssertGoneAsync(CancellationToken cancellationToken, params int[] pids) =>
        Eventually.GetAsync(
            () => Task.FromResult(pids.Where(IsRunning).ToArray()),
            running => running.Length == 0,
            "the processes to be gone",
            cancellationToken,
            Patience,
            running => $"still running: {string.Join(", ", running)}");
}
