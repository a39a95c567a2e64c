using Slipway.Core.Judge;

namespace Slipway.Server.Rollouts;

/// <summary>
/// A bake gate's answer: <see cref="GateAction.Promote"/> or <see cref="GateAction.Rollback"/>, the reason
/// (<c>ok</c>, <c>crash</c>, <c>immune</c>, <c>not_enough_data</c>), a one-line summary, and optional JSON evidence.
/// </summary>
public sealed record BakeVerdict(GateAction Decision, string Reason, string Summary, string? EvidenceJson)
{
    public static BakeVerdict Promote(string summary, string? evidenceJson = null) => new(GateAction.Promote, "ok", summary, evidenceJson);

    public static BakeVerdict Rollback(string reason, string summary, string? evidenceJson = null) => new(GateAction.Rollback, reason, summary, evidenceJson);

    /// <summary>The decision as <see cref="Core.Journal.WaveBaked.Verdict"/> stores it on disk: <c>promote</c> or <c>rollback</c>.</summary>
    public string JournalVerdict => Decision == GateAction.Rollback ? "rollback" : "promote";
}
