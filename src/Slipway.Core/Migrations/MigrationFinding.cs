namespace Slipway.Core.Migrations;

/// <summary>
/// What the gate found in one pending migration: the rule, where (file and line of the statement), what it breaks for
/// the version still running, the safe rewrite, and which check saw it (<c>rule</c>, <c>schema-diff</c>, <c>old-code</c>).
/// An acknowledged finding carries the reason from slipway.yml and does not block.
/// </summary>
public sealed record MigrationFinding(
    string Rule,
    string File,
    int Line,
    string Breaks,
    string Rewrite,
    string Check,
    string? AcknowledgedReason = null)
{
    public bool Blocks => AcknowledgedReason is null;

    public override string ToString() =>
        $"{Rule} at {File}:{Line}: {Breaks} Safe rewrite: {Rewrite}{(AcknowledgedReason is null ? "" : $" (acknowledged: {AcknowledgedReason})")}";
}
