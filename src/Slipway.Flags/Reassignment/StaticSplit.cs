using System.Text.Json;

namespace Slipway.Flags.Reassignment;

/// <summary>A <c>fractional</c> whose variant names and weights are literals, found in a flag's targeting.</summary>
/// <param name="Path">JSON pointer of the <c>fractional</c> inside the targeting.</param>
/// <param name="BucketKey">The bucket-key expression as JSON text, or null for the default (flag key + targeting key).</param>
/// <param name="Buckets">Variant names and weights, in order.</param>
/// <param name="TargetingWithoutSplit">The targeting JSON with the split replaced by a placeholder, to compare the rest.</param>
internal sealed record StaticSplit(string Path, string? BucketKey, IReadOnlyList<(string? Variant, long Weight)> Buckets, string TargetingWithoutSplit)
{
    public long TotalWeight => Buckets.Sum(b => b.Weight);

    /// <summary>Finds the only fractional in a targeting rule; null when there is none, more than one, or it is not static.</summary>
    public static StaticSplit? Find(JsonElement targeting)
    {
        var found = new List<(string Path, JsonElement Args)>();
        Collect(targeting, string.Empty, found);
        if (found.Count != 1)
        {
            return null;
        }

        var (path, args) = found[0];
        if (args.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? bucketKey = null;
        var buckets = new List<(string?, long)>();
        var index = 0;
        foreach (var item in args.EnumerateArray())
        {
            if (index++ == 0 && item.ValueKind != JsonValueKind.Array)
            {
                bucketKey = item.GetRawText();
                continue;
            }

            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() is 0 or > 2)
            {
                return null;
            }

            string? name = item[0].ValueKind switch
            {
                JsonValueKind.String => item[0].GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => "\u0000dynamic",
            };
            if (name == "\u0000dynamic")
            {
                return null;
            }

            long weight = 1;
            if (item.GetArrayLength() == 2)
            {
                if (item[1].ValueKind != JsonValueKind.Number)
                {
                    return null;
                }

                weight = (long)Math.Clamp(Math.Truncate(item[1].GetDouble()), 0, int.MaxValue);
            }

            buckets.Add((name, weight));
        }

        return new StaticSplit(path, bucketKey, buckets, Replace(targeting, path));
    }

    private static void Collect(JsonElement element, string path, List<(string, JsonElement)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var childPath = JsonPointer.Append(path, property.Name);
                    if (property.Name == "fractional")
                    {
                        found.Add((path, property.Value));
                    }
                    else
                    {
                        Collect(property.Value, childPath, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, JsonPointer.Append(path, i++), found);
                }

                break;
        }
    }

    private static string Replace(JsonElement element, string splitPath)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(element, string.Empty, splitPath, writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(JsonElement element, string path, string splitPath, Utf8JsonWriter writer)
    {
        if (path == splitPath)
        {
            writer.WriteStringValue("\u0000split");
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, JsonPointer.Append(path, property.Name), splitPath, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, JsonPointer.Append(path, i++), splitPath, writer);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
