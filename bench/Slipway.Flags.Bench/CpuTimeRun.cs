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

    /// <summary>Runs every case, or those whose name contains <paramref name="only"/> (e.g. <c>outcomes</c>).</summary>
    public static void Run(string? only = null)
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
        foreach (var (name, op) in cases.Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
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

    /// <summary>
    /// The middleware's cost as a paired difference: 21 rounds that each time the request without and then with the
    /// outcomes middleware back to back (2,000,000 requests each), so both see the same machine load; prints the
    /// medians of each and of the per-round difference. Usage: <c>--cpu-time-pairs</c>.
    /// </summary>
    public static void RunPairs()
    {
        const int pairs = 21;
        const int count = 2_000_000;
        var o = new OutcomesMiddlewareBenchmarks();
        o.Setup();
        for (var i = 0; i < 200_000; i++)
        {
            o.Request_without_outcomes();
            o.Request_with_outcomes();
        }

        var without = new double[pairs];
        var with = new double[pairs];
        var difference = new double[pairs];
        long allocated = 0;
        for (var r = 0; r < pairs; r++)
        {
            without[r] = CpuNanoseconds(o.Request_without_outcomes, count, out _);
            with[r] = CpuNanoseconds(o.Request_with_outcomes, count, out allocated);
            difference[r] = with[r] - without[r];
        }

        Array.Sort(without);
        Array.Sort(with);
        Array.Sort(difference);
        Console.WriteLine("| Method | median CPU ns/op (21 paired rounds) | allocated B/op |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Request_without_outcomes | {without[pairs / 2]:0.0} | 0 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Request_with_outcomes | {with[pairs / 2]:0.0} | {allocated} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| difference (median of the rounds' differences; quartiles {difference[pairs / 4]:0.0} to {difference[3 * pairs / 4]:0.0}) | {difference[pairs / 2]:0.0} | |"));
        o.Cleanup();
    }

    private static double CpuNanoseconds(Func<bool> op, int count, out long allocatedPerOp)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < count; i++)
        {
            op();
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        allocatedPerOp = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / count;
        return cpu.TotalNanoseconds / count;
    }
}
