using System.Text.Json.Serialization;

namespace Slipway.Agent.Protocol;

/// <summary>Agent protocol v1: one Prometheus sample. NaN and ±Infinity travel as the JSON strings "NaN", "Infinity", "-Infinity".</summary>
public sealed record MetricSampleV1(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double Value);
