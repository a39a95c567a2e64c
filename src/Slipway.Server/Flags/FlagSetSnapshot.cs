using Slipway.Flags;

namespace Slipway.Server.Flags;

/// <summary>
/// An immutable view of one flag set at a version: what the stream's snapshot, OFREP and the API read without taking
/// the journal's lock. The evaluator is built on first use and shared.
/// </summary>
internal sealed class FlagSetSnapshot(FlagScope scope, long version, FlagDocument document, DateTimeOffset? changedAt)
{
    private FlagEvaluator? _evaluator;

    public static FlagSetSnapshot Empty(FlagScope scope) => new(scope, 0, FlagDocument.Empty, null);

    public FlagScope Scope { get; } = scope;

    /// <summary>Grows by exactly 1 with every change of this service and environment's flags.</summary>
    public long Version { get; } = version;

    public FlagDocument Document { get; } = document;

    public DateTimeOffset? ChangedAt { get; } = changedAt;

    public FlagEvaluator Evaluator(TimeProvider time) => _evaluator ??= new FlagEvaluator(Document, time);
}
