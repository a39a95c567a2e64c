using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Slipway.Flags.Bench.FlagEvaluationBenchmarks).Assembly).Run(args);
