namespace Slipway.Core.Judge;

/// <summary>The judge's answer at one look, with the evidence for every check.</summary>
public sealed record Verdict
{
    public required Decision Decision { get; init; }

    /// <summary>The rule that fired, e.g. "a critical check regressed beyond its minimum effect".</summary>
    public required string Rule { get; init; }

    /// <summary>Time since the bake (or watch window) started when this look was taken.</summary>
    public required TimeSpan Elapsed { get; init; }

    public required IReadOnlyList<CheckEvidence> Checks { get; init; }

    /// <summary>The check that decided a rollback (or, for other decisions, the first one worth quoting).</summary>
    public CheckEvidence? Deciding { get; init; }

    /// <summary>The line after the verb, e.g. <c>error ratio 4.8% vs 0.1% (+4.7 pp &gt; 1 pp), p&lt;0.001 after 6.2 s, 312 vs 1,104 requests</c>.</summary>
    public required string Detail { get; init; }

    /// <summary>True when this verdict comes from the watch window after promotion.</summary>
    public bool Watch { get; init; }

    /// <summary>One readable line, e.g. <c>rolled back: error ratio 4.8% vs 0.1% (+4.7 pp &gt; 1 pp), p&lt;0.001 after 6.2 s, 312 vs 1,104 requests</c>.</summary>
    public string Summary => $"{Verb(shadow: false)}: {Detail}";

    /// <summary>The summary as shadow mode records it, e.g. <c>would have rolled back: …</c>.</summary>
    public string ShadowSummary => $"{Verb(shadow: true)}: {Detail}";

    /// <summary>The summary, or in shadow mode what would have happened.</summary>
    public string Render(bool shadow) => shadow ? ShadowSummary : Summary;

    private string Verb(bool shadow) => (Decision, shadow, Watch) switch
    {
        (Decision.Rollback, false, _) => "rolled back",
        (Decision.Rollback, true, _) => "would have rolled back",
        (Decision.Promote, false, false) => "promoted",
        (Decision.Promote, true, false) => "would have promoted",
        (Decision.Promote, _, true) => "watch passed",
        (Decision.Continue, _, false) => "baking",
        (Decision.Continue, _, true) => "watching",
        _ => "not enough data",
    };
}
