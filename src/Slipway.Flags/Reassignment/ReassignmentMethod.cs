namespace Slipway.Flags.Reassignment;

public enum ReassignmentMethod
{
    /// <summary>Nothing that decides a variant changed.</summary>
    Unchanged,

    /// <summary>Exact: computed over the whole 2^32 bucket space of the fractional split.</summary>
    BucketArithmetic,

    /// <summary>Estimated by evaluating the old and new definition for a sample of contexts.</summary>
    Sample,

    /// <summary>A rule changed and no sample was given, so the share is unknown.</summary>
    Unknown,
}
