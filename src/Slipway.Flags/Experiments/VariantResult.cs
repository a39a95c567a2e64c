namespace Slipway.Flags.Experiments;

/// <summary>
/// One variant's result. The difference is (rate - control rate) with a 95% interval (unpooled standard error);
/// the p-value is two-sided, from a pooled two-proportion z-test. Both are null for the control and when a side has no exposures.
/// </summary>
public sealed record VariantResult(
    string Variant,
    bool IsControl,
    long Exposures,
    long Conversions,
    double ConversionRate,
    double? DifferenceFromControl,
    double? DifferenceLow,
    double? DifferenceHigh,
    double? PValue);
