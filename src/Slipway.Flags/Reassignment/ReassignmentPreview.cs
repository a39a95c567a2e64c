namespace Slipway.Flags.Reassignment;

/// <summary>What share of users would switch variant if a flag changed from one definition to another.</summary>
/// <param name="FlagKey">The flag.</param>
/// <param name="Share">Share of users (0..1) whose variant changes, or null when it cannot be known.</param>
/// <param name="Method">How the share was obtained.</param>
/// <param name="SampleSize">Contexts evaluated, for <see cref="ReassignmentMethod.Sample"/>.</param>
/// <param name="Transitions">Where the switching users go, largest first.</param>
/// <param name="Explanation">One sentence a person can read.</param>
public sealed record ReassignmentPreview(
    string FlagKey,
    double? Share,
    ReassignmentMethod Method,
    int SampleSize,
    IReadOnlyList<VariantTransition> Transitions,
    string Explanation);
