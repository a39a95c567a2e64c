using Slipway.Flags;

namespace Slipway.Sdk.Flags;

/// <summary>A configuration the client evaluates against: immutable, swapped atomically.</summary>
internal sealed record FlagConfig(FlagEvaluator Evaluator, long Version, string Source);
