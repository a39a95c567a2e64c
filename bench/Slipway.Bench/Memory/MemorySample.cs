using System.Diagnostics;

namespace Slipway.Bench.Memory;

/// <summary>Memory of this process at one moment: working set (RSS), private bytes, and the GC's heap.</summary>
internal sealed record MemorySample(string Moment, long WorkingSet, long Private, long GcHeap, long GcCommitted)
{
    public static MemorySample Take(string moment)
    {
        using var self = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        return new MemorySample(moment, self.WorkingSet64, self.PrivateMemorySize64, GC.GetTotalMemory(forceFullCollection: false), gc.TotalCommittedBytes);
    }
}
