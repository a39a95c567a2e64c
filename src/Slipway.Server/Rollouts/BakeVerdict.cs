namespace Slipway.Server.Rollouts;

/// <summary>A bake gate's answer: <c>promote</c> or <c>rollback</c>, a one-line summary, and optional JSON evidence.</summary>
public sealed record BakeVerdict(string Decision, string Reason, string Summary, string? EvidenceJson)
{
    public static BakeVerdict Promote(string summary, string? evidenceJson = null) => new("promote", "ok", summary, evidenceJson);

    public static BakeVerdict Rollback(string reason, string summary, string? evidenceJson = null) => new("rollback", reason, summary, evidenceJson);
}
