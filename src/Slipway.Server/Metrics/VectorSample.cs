namespace Slipway.Server.Metrics;

/// <summary>One element of a Prometheus instant vector: its labels and its value at the query time.</summary>
internal sealed record VectorSample(IReadOnlyDictionary<string, string> Labels, double Value);
