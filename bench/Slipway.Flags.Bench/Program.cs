using BenchmarkDotNet.Running;
using Slipway.Flags.Bench;

if (args.Length > 0 && args[0] == "--cpu-time")
{
    CpuTimeRun.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(FlagEvaluationBenchmarks).Assembly).Run(args);
