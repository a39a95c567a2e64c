using Slipway.Flags.Reassignment;

namespace Slipway.Server.Flags;

/// <summary>The share of users (0..1, or null when unknown) a change moves to another variant, and how it was found.</summary>
/// <param name="Method">unchanged, bucket_arithmetic (exact), sample, or unknown.</param>
public sealed record ReassignmentView(double? Share, string Method, int SampleSize, IReadOnlyList<VariantTransition> Transitions, string Explanation)
{
    public static ReassignmentView? From(ReassignmentPreview? preview) => preview is null
        ? null
        : new(preview.Share, preview.Method switch
        {
            ReassignmentMethod.Unchanged => "unchanged",
            ReassignmentMethod.BucketArithmetic => "bucket_arithmetic",
            ReassignmentMethod.Sample => "sample",
            _ => "unknown",
        }, preview.SampleSize, preview.Transitions, preview.Explanation);
}
