using System.Runtime.InteropServices;

namespace Slipway.TestKit;

/// <summary>POSIX signals, for killing what a test started: one process, or a whole process group.</summary>
public static partial class Signals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static bool IsAlive(int pid)
    {
        if (!Directory.Exists($"/proc/{pid}"))
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return !(close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void Send(int pid, int signal) => _ = Kill(pid, signal);

    /// <summary>Sends <paramref name="signal"/> to every process of the group led by <paramref name="pgid"/>.</summary>
    public static void SendToGroup(int pgid, int signal) => _ = Kill(-pgid, signal);

    /// <summary>
    /// Kills every process whose environment holds <c>TESTKIT_OWNER=<paramref name="owner"/></c>: the instances
    /// (and child servers) a test started. Returns how many it killed.
    /// </summary>
    public static int KillOwnedBy(string owner)
    {
        var killed = 0;
        var marker = $"TESTKIT_OWNER={owner}\0";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    Send(pid, SigKill);
                    killed++;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return killed;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
