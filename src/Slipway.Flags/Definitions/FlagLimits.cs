namespace Slipway.Flags;

/// <summary>
/// What a flag document may contain and how much work one evaluation may do. Every document is treated as hostile:
/// past these limits it is refused with a JSON pointer and a reason that names the limit (see docs/flags.md, "Limits").
/// </summary>
public static class FlagLimits
{
    /// <summary>The largest document, in UTF-8 bytes (1 MiB).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>The deepest JSON nesting of a document (objects and arrays), checked by the reader so no recursion can overflow the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most flags in one document.</summary>
    public const int MaxFlags = 10_000;

    /// <summary>The longest flag key, and the longest evaluator name. A flag key is 1 to this many characters of <c>[A-Za-z0-9._-]</c>, not starting with '.'.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The longest variant name.</summary>
    public const int MaxVariantNameLength = 256;

    /// <summary>The most JSON values a rule may hold once every <c>$ref</c> is replaced by its evaluator (a constant array counts as one).</summary>
    public const int MaxExpandedNodes = 10_000;

    /// <summary>The deepest a rule may nest once every <c>$ref</c> is replaced by its evaluator.</summary>
    public const int MaxExpandedDepth = 128;

    /// <summary>The largest fractional weight, and the largest sum of a split's weights (flagd's weights are 32-bit integers).</summary>
    public const long MaxFractionalWeight = int.MaxValue;

    /// <summary>
    /// The work one evaluation of a rule that loops (<c>map</c>, <c>filter</c>, <c>reduce</c>, <c>all</c>, <c>some</c>,
    /// <c>none</c>) may do, in node visits (each iteration costs the size of its body; <c>cat</c> and <c>merge</c> cost the
    /// length they build). Past it the evaluation stops with reason ERROR and error code GENERAL.
    /// </summary>
    public const int MaxEvaluationWork = 1_000_000;

    /// <summary>Whether <paramref name="key"/> may name a flag: 1 to <see cref="MaxKeyLength"/> of <c>[A-Za-z0-9._-]</c>, not starting with '.' (for an API to check a route before reading a body).</summary>
    public static bool IsValidFlagKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return FlagDocumentParser.CheckFlagKey(key) is null;
    }
}
