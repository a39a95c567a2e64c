using System.Text;
using System.Text.Json;
using Slipway.Flags;

namespace Slipway.Server.Flags;

/// <summary>Builds and takes apart flagd documents as JSON text: the flags, and the shared part (<c>$evaluators</c>, <c>metadata</c>).</summary>
internal static class FlagDocumentJson
{
    public const string EvaluatorsProperty = "$evaluators";
    public const string MetadataProperty = "metadata";

    /// <summary>The document's <c>{"$evaluators":..,"metadata":..}</c>, or null when it has neither.</summary>
    public static string? Shared(FlagDocument document)
    {
        using var doc = JsonDocument.Parse(document.ToJson());
        return Shared(doc.RootElement);
    }

    public static string? Shared(JsonElement root)
    {
        var evaluators = root.TryGetProperty(EvaluatorsProperty, out var e) && e.ValueKind == JsonValueKind.Object && e.EnumerateObject().Any() ? e : (JsonElement?)null;
        var metadata = root.TryGetProperty(MetadataProperty, out var m) && m.ValueKind == JsonValueKind.Object ? m : (JsonElement?)null;
        if (evaluators is null && metadata is null)
        {
            return null;
        }

        return Write(w =>
        {
            w.WriteStartObject();
            if (evaluators is { } ev)
            {
                w.WritePropertyName(EvaluatorsProperty);
                ev.WriteTo(w);
            }

            if (metadata is { } md)
            {
                w.WritePropertyName(MetadataProperty);
                md.WriteTo(w);
            }

            w.WriteEndObject();
        });
    }

    /// <summary>A flagd document from flags (in order) and a shared part as written by <see cref="Shared(FlagDocument)"/>.</summary>
    public static string Compose(IEnumerable<KeyValuePair<string, JsonElement>> flags, string? shared)
    {
        using var sharedDoc = shared is null ? null : JsonDocument.Parse(shared);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("flags");
            foreach (var (key, flag) in flags)
            {
                w.WritePropertyName(key);
                flag.WriteTo(w);
            }

            w.WriteEndObject();
            if (sharedDoc is not null)
            {
                foreach (var property in sharedDoc.RootElement.EnumerateObject())
                {
                    property.WriteTo(w);
                }
            }

            w.WriteEndObject();
        });
    }

    /// <summary>Compact JSON text of an element (what the journal stores for a flag).</summary>
    public static string Compact(JsonElement element) => Write(element.WriteTo);

    public static JsonElement Element(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
