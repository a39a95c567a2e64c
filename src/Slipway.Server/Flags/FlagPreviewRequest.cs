using System.Text.Json;

namespace Slipway.Server.Flags;

/// <summary>
/// Body of <c>POST .../flags/{key}/preview</c>: a proposed definition (<see cref="Flag"/>) or a proposed percentage
/// (<see cref="Percent"/>), and optional sample contexts for rule changes that bucket arithmetic cannot measure.
/// </summary>
public sealed record FlagPreviewRequest
{
    public JsonElement? Flag { get; init; }

    public int? Percent { get; init; }

    public string? Variant { get; init; }

    /// <summary>OpenFeature contexts (<c>{"targetingKey":..,...}</c>) to evaluate the old and new rule on.</summary>
    public IReadOnlyList<JsonElement>? Contexts { get; init; }
}
