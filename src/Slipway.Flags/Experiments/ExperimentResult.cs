namespace Slipway.Flags.Experiments;

public sealed record ExperimentResult(string Control, IReadOnlyList<VariantResult> Variants, SampleRatioCheck? SampleRatio);
