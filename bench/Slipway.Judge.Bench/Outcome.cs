namespace Slipway.Judge.Bench;

/// <summary>A judge's final decision in one run and when it was taken (seconds since the bake started).</summary>
internal sealed record Outcome(bool Rollback, int Seconds, string? Reason = null);
