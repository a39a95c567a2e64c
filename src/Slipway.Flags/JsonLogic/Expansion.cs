namespace Slipway.Flags.JsonLogic;

/// <summary>
/// The size of a rule once every <c>$ref</c> is replaced by its evaluator, measured without building it: JSON values
/// (a constant array counts as one) and nesting depth, both capped just past their limits.
/// </summary>
/// <param name="Size">JSON values after substitution, at most <see cref="FlagLimits.MaxExpandedNodes"/> + 1.</param>
/// <param name="Height">Nesting depth after substitution.</param>
/// <param name="Constant">A literal: no operator inside.</param>
/// <param name="TooDeep">Measuring stopped at <see cref="FlagLimits.MaxExpandedDepth"/>.</param>
internal readonly record struct Expansion(long Size, int Height, bool Constant, bool TooDeep)
{
    public static Expansion Leaf { get; } = new(1, 0, Constant: true, TooDeep: false);

    public static Expansion Deep { get; } = new(FlagLimits.MaxExpandedNodes + 1L, FlagLimits.MaxExpandedDepth + 1, Constant: false, TooDeep: true);

    public bool TooLarge => Size > FlagLimits.MaxExpandedNodes;

    public bool WithinLimits => !TooDeep && !TooLarge;

    /// <summary>Why a rule is refused, or null when it is within the limits.</summary>
    public string? Problem(string what) =>
        TooDeep ? $"{what} nests more than {FlagLimits.MaxExpandedDepth} levels deep once each $ref is replaced by its evaluator (FlagLimits.MaxExpandedDepth)"
        : TooLarge ? $"{what} expands to more than {FlagLimits.MaxExpandedNodes} nodes once each $ref is replaced by its evaluator (FlagLimits.MaxExpandedNodes); share less through $ref"
        : null;
}
