using System.Diagnostics;

namespace Slipway.Bench.Memory;

/// <summary>
/// Memory of this process at one moment: working set (resident set), the GC heap (bytes in use, without forcing a
/// collection), and the bytes allocated since the process started (how much an idle server churns).
/// </summary>
internal sealed record MemorySample(string Moment, long WorkingSet, long GcHeap, long Allocated, int Gen0Collections)
{
    public static MemorySample Take(string moment)
    {
        using var self = Process.GetCurrentProcess();
        return new MemorySample(moment, self.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
    }
}
