namespace Slipway.Core.Judge;

/// <summary>
/// One look during the watch window after promotion: the promoted release's counts since promotion,
/// against the previous release's recorded counts (with <see cref="GroupSnapshot.Window"/> and
/// <see cref="GroupSnapshot.Instances"/> set, so that rates can be computed).
/// </summary>
public sealed record WatchInput
{
    public required IReadOnlyList<Check> Checks { get; init; }

    public required GroupSnapshot Current { get; init; }

    public required GroupSnapshot Previous { get; init; }

    /// <summary>Time since promotion.</summary>
    public required TimeSpan Elapsed { get; init; }
}
