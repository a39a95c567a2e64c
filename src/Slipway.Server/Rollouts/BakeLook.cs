namespace Slipway.Server.Rollouts;

/// <summary>
/// What a bake gate saw at its latest look: the judge's running numbers as one line, and whether the bake runs past its
/// time (and so the line says why). Reported through <see cref="BakeContext.Progress"/>; shown by the API, never journaled.
/// </summary>
public sealed record BakeLook(string Summary, bool Extended);
