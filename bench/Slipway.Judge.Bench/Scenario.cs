namespace Slipway.Judge.Bench;

/// <summary>One kind of stream: the old and new versions' error ratios and latency, and whether the new one is a regression.</summary>
internal sealed record Scenario(
    string Name,
    double BaselineErrorRatio,
    double CanaryErrorRatio,
    double CanaryLatencyFactor,
    bool IsRegression);
