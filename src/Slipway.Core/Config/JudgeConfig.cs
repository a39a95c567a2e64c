namespace Slipway.Core.Config;

/// <summary>The <c>judge:</c> section. Every value is optional; <see langword="null"/> means the judge's own default.</summary>
public sealed record JudgeConfig
{
    /// <summary>Requests each version must have served before the judge compares them.</summary>
    public int? MinRequests { get; init; }

    /// <summary>How much longer than <c>bake</c> the judge may wait for enough data.</summary>
    public TimeSpan? MaxBakeExtension { get; init; }

    public NotEnoughDataAction? NotEnoughData { get; init; }

    /// <summary>When true, the judge records verdicts but never acts on them.</summary>
    public bool? Shadow { get; init; }

    /// <summary>How long after promotion the judge keeps watching the new version.</summary>
    public TimeSpan? WatchWindow { get; init; }
}
