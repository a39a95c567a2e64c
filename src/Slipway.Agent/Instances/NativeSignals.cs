using System.Runtime.InteropServices;

namespace Slipway.Agent.Instances;

/// <summary>POSIX signals. .NET's Process.Kill sends SIGKILL; a graceful stop needs SIGTERM so the instance can drain.</summary>
internal static partial class NativeSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static bool IsAlive(int pid) => OperatingSystem.IsWindows()
        ? SafeIsAliveWindows(pid)
        : Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    public static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }

            return;
        }

        _ = Kill(pid, signal);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool SafeIsAliveWindows(int pid)
    {
        try
        {
            return !System.Diagnostics.Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
