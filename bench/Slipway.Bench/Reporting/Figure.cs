namespace Slipway.Bench.Reporting;

/// <summary>One headline figure of a benchmark, against its target. <see cref="Met"/> is null when there is no target.</summary>
internal sealed record Figure(string Bench, string Name, string Target, string Measured, bool? Met);
