using System.Diagnostics;
using System.Globalization;

namespace Slipway.Flags.Bench;

/// <summary>
/// A supplement to BenchmarkDotNet for a shared, overloaded machine: runs each benchmark method single-threaded
/// for a fixed count and divides the process CPU time (not wall time) by it, so time spent waiting for a core
/// does not count. Allocation is read per thread. Prints a Markdown table.
/// </summary>
internal static class CpuTimeRun
{
    private const int Operations = 5_000_000;
    private const int Rounds = 5;

    public static void Run()
    {
        var b = new FlagEvaluationBenchmarks();
        b.Setup();
        var o = new OutcomesMiddlewareBenchmarks();
        o.Setup();
        var cases = new (string Name, Func<bool> Op)[]
        {
            ("FeatureManagement_listed_user", b.FeatureManagement_listed_user),
            ("Slipway_engine_listed_user", b.Slipway_engine_listed_user),
            ("Slipway_sdk_listed_user", b.Slipway_sdk_listed_user),
            ("FeatureManagement_rollout_user", b.FeatureManagement_rollout_user),
            ("Slipway_engine_rollout_user", b.Slipway_engine_rollout_user),
            ("Slipway_sdk_rollout_user", b.Slipway_sdk_rollout_user),
            ("Request_without_outcomes", o.Request_without_outcomes),
            ("Request_with_outcomes", o.Request_with_outcomes),
        };

        Console.WriteLine("| Method | median CPU ns/op (5 rounds) | allocated B/op |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, op) in cases)
        {
            var count = name.StartsWith("FeatureManagement", StringComparison.Ordinal) ? Operations / 20 : Operations;
            for (var i = 0; i < 100_000; i++)
            {
                op();
            }

            var rounds = new double[Rounds];
            long allocated = 0;
            for (var r = 0; r < Rounds; r++)
            {
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < count; i++)
                {
                    op();
                }

                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / count;
                rounds[r] = cpu.TotalNanoseconds / count;
            }

            Array.Sort(rounds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rounds[Rounds / 2]:0.0} | {allocated} |"));
        }

        b.Cleanup();
        o.Cleanup();
    }
}
