namespace Slipway.Bench.Rollback;

/// <summary>One rollback, measured from the moment the failing self-test answer was journaled.</summary>
internal sealed record RollbackTimings(
    double ToRollbackStarted,
    double ToOnlyOldRouted,
    double ToNewRemoved,
    double ToFullCapacity,
    double ToProcessesExited,
    double ReplacementStartUp)
{
    /// <summary>The figure with the target: the front door routes only to the old version and the new instances are removed.</summary>
    public double Headline => Math.Max(ToOnlyOldRouted, ToNewRemoved);
}
