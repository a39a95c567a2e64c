namespace Slipway.Core.Judge;

/// <summary>
/// The <c>judge:</c> block of <c>slipway.yml</c> as the parser read it, before validation.
/// <code>
/// judge:
///   min_requests: 100
///   max_bake_extension: 120s
///   not_enough_data: rollback   # promote | rollback | fail
///   shadow: false
///   watch_window: 60s
/// </code>
/// </summary>
public sealed record JudgeOptionsDefinition
{
    public int? MinRequests { get; init; }

    public string? MaxBakeExtension { get; init; }

    public string? NotEnoughData { get; init; }

    public bool? Shadow { get; init; }

    public string? WatchWindow { get; init; }
}
