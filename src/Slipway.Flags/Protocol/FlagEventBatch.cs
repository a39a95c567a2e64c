namespace Slipway.Flags.Protocol;

/// <summary>The body of <c>POST /api/flags/v1/events</c>.</summary>
public sealed record FlagEventBatch
{
    public required string Service { get; init; }

    public required string Environment { get; init; }

    public IReadOnlyList<ExposureEvent> Exposures { get; init; } = [];

    public IReadOnlyList<TrackEvent> Events { get; init; } = [];

    /// <summary>Events the SDK dropped since its previous batch because its buffer was full.</summary>
    public long Dropped { get; init; }

    /// <summary>Per flag and variant, how the requests served it ended (sent by the SDK's outcomes middleware).</summary>
    public IReadOnlyList<VariantOutcome> Outcomes { get; init; } = [];

    /// <summary>Outcomes the SDK could not count because its table was full.</summary>
    public long OutcomesDropped { get; init; }
}
