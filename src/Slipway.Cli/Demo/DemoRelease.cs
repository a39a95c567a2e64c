namespace Slipway.Cli.Demo;

/// <summary>One commit of the demo and how it ended.</summary>
internal sealed record DemoRelease(
    string Label,
    string Version,
    string Outcome,
    string? Reason,
    string? Summary,
    IReadOnlyList<int> Waves,
    int Instances,
    IReadOnlyDictionary<string, double> Timings,
    IReadOnlyDictionary<string, object?>? Evidence = null);
