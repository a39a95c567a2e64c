using System.Diagnostics;
using System.Globalization;

namespace Slipway.Server.Journal;

/// <summary>
/// Fault injection for crash tests: the server kills itself (SIGKILL, as a power cut would) right after the
/// <c>n</c>-th event of a type is durable in the journal. Set with <c>SLIPWAY_FAULT_CRASH_AFTER=Type</c> or
/// <c>Type#n</c>; unset in production, where it costs one null check per append.
/// </summary>
internal sealed class CrashPoint(string type, int occurrence)
{
    private int _seen;

    public static CrashPoint? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split('#', 2);
        var occurrence = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        return new CrashPoint(parts[0].Trim(), occurrence);
    }

    public void After(string eventType)
    {
        if (eventType == type && Interlocked.Increment(ref _seen) == occurrence)
        {
            Console.Error.WriteLine($"slipway: fault injection: killed after {eventType} #{occurrence}");
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }
}
