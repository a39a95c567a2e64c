namespace Slipway.Core.Judge;

/// <summary>How the judge and the bake gate behave (the <c>judge:</c> block of <c>slipway.yml</c>).</summary>
public sealed record JudgeOptions
{
    /// <summary>Fewest requests (or histogram observations) each side needs before a ratio or latency check may decide.</summary>
    public int MinRequests { get; init; } = 100;

    /// <summary>Fewest counter events on both sides together before a counter-rate check may decide.</summary>
    public int MinEvents { get; init; } = 20;

    /// <summary>
    /// Error level of the always-valid confidence sequences: the chance that a check's sequence ever
    /// excludes the true difference, however often the judge looks.
    /// </summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>How much longer than the declared bake the gate waits for a decision or for data.</summary>
    public TimeSpan MaxBakeExtension { get; init; } = TimeSpan.FromSeconds(120);

    public NotEnoughDataPolicy NotEnoughData { get; init; } = NotEnoughDataPolicy.Rollback;

    /// <summary>When true the caller records verdicts but does not act on them ("would have rolled back").</summary>
    public bool Shadow { get; init; }

    /// <summary>How long after promotion the release is compared with the previous release's recorded behaviour.</summary>
    public TimeSpan WatchWindow { get; init; } = TimeSpan.FromSeconds(60);

    public static JudgeOptions Default { get; } = new();
}
