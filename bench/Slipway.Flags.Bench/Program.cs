using BenchmarkDotNet.Running;
using Slipway.Flags.Bench;

if (args.Length > 0 && args[0] == "--cpu-time-pairs")
{
    CpuTimeRun.RunPairs();
    return;
}

if (args.Length > 0 && args[0] == "--cpu-time")
{
    CpuTimeRun.Run(args.Length > 1 ? args[1] : null);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(FlagEvaluationBenchmarks).Assembly).Run(args);
