using System.Text.Json;

namespace Slipway.Flags.Protocol;

/// <summary>The flags that changed to reach <paramref name="Version"/> (a null definition means the flag was deleted).</summary>
public sealed record FlagChange(long Version, IReadOnlyList<KeyValuePair<string, JsonElement?>> Changes);
