namespace Slipway.Core.Judge;

/// <summary>The bake gate's answer: the action, why, and the verdict it came from.</summary>
public sealed record GateDecision(GateAction Action, string Reason, Verdict Verdict);
