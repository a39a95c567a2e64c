namespace Slipway.Flags.JsonLogic;

/// <summary>
/// A flag's targeting compiled against the flag's own variants: every outcome is a variant index, known when the flag
/// is parsed. Evaluating it skips producing a variant name and looking it up again. Only targeting whose every
/// outcome is a literal variant name, a split over literal names and weights, or an <c>if</c> of those compiles to
/// this form; anything else runs as the general expression.
/// </summary>
internal abstract class VariantChoice
{
    /// <summary>The chosen variant's index, or -1 when the rule gives no variant (the flag's default applies).</summary>
    public abstract int Choose(ref EvalScope scope);

    /// <summary>The compiled form of <paramref name="targeting"/>, or null when some outcome is not known at parse time.</summary>
    public static VariantChoice? TryCompile(Node targeting, Func<string, int> indexOfVariant)
    {
        switch (targeting)
        {
            case LiteralNode literal:
                return literal.Value.Kind switch
                {
                    FlagValueKind.Null => FixedVariant.None,
                    FlagValueKind.String => Fixed(indexOfVariant(literal.Value.StringOrNull!)),
                    FlagValueKind.Boolean => Fixed(indexOfVariant(literal.Value.RawNumber != 0 ? "true" : "false")),
                    _ => null,
                };
            case FractionalNode split when split.TryGetStaticBuckets(out var names, out _):
                var indices = new int[names.Length];
                for (var i = 0; i < names.Length; i++)
                {
                    if (names[i].StringOrNull is not { } name || (indices[i] = indexOfVariant(name)) < 0)
                    {
                        return null;
                    }
                }

                return new SplitVariants(split, indices);
            case IfNode conditional:
                return RuleChain.TryCompile(conditional.Args, indexOfVariant);
            default:
                return null;
        }
    }

    // A literal that names no variant is an error the general path reports with the name, so it does not compile.
    private static FixedVariant? Fixed(int index) => index >= 0 ? new FixedVariant(index) : null;
}
