using Slipway.Flags.Experiments;

namespace Slipway.Server.Flags;

/// <summary>
/// <c>GET /api/services/{service}/experiments/{key}/results</c>: per variant, distinct users exposed and converted, the
/// conversion rate, the difference from control with its 95 % interval and p-value, and the sample-ratio check.
/// </summary>
public sealed record ExperimentResultsResponse(
    string Service,
    string Environment,
    string Flag,
    string Goal,
    string Control,
    IReadOnlyList<VariantResult> Variants,
    SampleRatioCheck? SampleRatio,
    IReadOnlyDictionary<string, double>? DeclaredWeights,
    long DroppedEvents,
    IReadOnlyList<string> Warnings);
