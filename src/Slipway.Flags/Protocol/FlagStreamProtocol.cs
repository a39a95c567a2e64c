using System.Text.Json;

namespace Slipway.Flags.Protocol;

/// <summary>
/// Version 1 of the flag wire contract between the Slipway server and SDKs (docs/flags-protocol.md).
/// The server and the SDK both read and write it through this class so they cannot drift apart.
/// </summary>
public static class FlagStreamProtocol
{
    public const int Version = 1;

    /// <summary><c>GET {server}/api/flags/v1/stream?service=S&amp;environment=E</c>, <c>text/event-stream</c>.</summary>
    public const string StreamPath = "/api/flags/v1/stream";

    /// <summary><c>POST {server}/api/flags/v1/events</c> with a <see cref="FlagEventBatch"/>.</summary>
    public const string EventsPath = "/api/flags/v1/events";

    public const string SnapshotEvent = "snapshot";

    public const string ChangeEvent = "change";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    public static string StreamUrl(Uri server, string service, string environment)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new Uri(server, $"{StreamPath}?service={Uri.EscapeDataString(service)}&environment={Uri.EscapeDataString(environment)}").AbsoluteUri;
    }

    /// <summary>The data line of a <c>snapshot</c> event: <c>{"version":N,"document":{flagd document}}</c>.</summary>
    public static string SnapshotData(long version, FlagDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", version);
            writer.WritePropertyName("document");
            document.WriteTo(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The data line of a <c>change</c> event: <c>{"version":N,"changes":[{"key":k,"flag":{...}|null}]}</c>.</summary>
    public static string ChangeData(long version, IEnumerable<KeyValuePair<string, JsonElement?>> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", version);
            writer.WriteStartArray("changes");
            foreach (var (key, flag) in changes)
            {
                writer.WriteStartObject();
                writer.WriteString("key", key);
                writer.WritePropertyName("flag");
                if (flag is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json)
                {
                    json.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a snapshot; the document is parsed leniently (a broken flag resolves with PARSE_ERROR).</summary>
    public static FlagSnapshot ReadSnapshot(string data)
    {
        using var doc = JsonDocument.Parse(data);
        var root = doc.RootElement;
        var version = root.GetProperty("version").GetInt64();
        var document = FlagDocument.ParseLenient(root.GetProperty("document").GetRawText());
        return new FlagSnapshot(version, document);
    }

    public static FlagChange ReadChange(string data)
    {
        using var doc = JsonDocument.Parse(data);
        var root = doc.RootElement;
        var version = root.GetProperty("version").GetInt64();
        var changes = new List<KeyValuePair<string, JsonElement?>>();
        foreach (var change in root.GetProperty("changes").EnumerateArray())
        {
            var key = change.GetProperty("key").GetString() ?? throw new JsonException("a change needs a key");
            JsonElement? flag = change.TryGetProperty("flag", out var f) && f.ValueKind != JsonValueKind.Null ? f.Clone() : null;
            changes.Add(new(key, flag));
        }

        return new FlagChange(version, changes);
    }
}
