using System.Text.Json;

namespace Slipway.Server.Flags;

/// <summary>Body of a create (<c>POST .../flags</c>, with <see cref="Key"/>) or a set (<c>PUT .../flags/{key}</c>).</summary>
public sealed record FlagWriteRequest
{
    public string? Key { get; init; }

    /// <summary>The flag in flagd format: <c>{"state":..,"variants":..,"defaultVariant":..,"targeting":..}</c>.</summary>
    public JsonElement? Flag { get; init; }

    /// <summary>Who makes the change, when no <c>X-Slipway-User</c> header says it.</summary>
    public string? By { get; init; }

    /// <summary>Why the change is made; the journal keeps it with the change.</summary>
    public string? Reason { get; init; }
}
