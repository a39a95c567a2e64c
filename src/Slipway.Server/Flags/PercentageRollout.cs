using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Flags;
using Slipway.Server.Api;

namespace Slipway.Server.Flags;

/// <summary>
/// Rewrites a flag so that a percentage of users get one variant, by a <c>fractional</c> split on the targeting key.
/// An existing split of the same two variants keeps its order and bucket key, so raising 10 % to 25 % moves exactly
/// 15 % of users and nobody already on the variant leaves it. Other rules around the split are kept.
/// </summary>
internal static class PercentageRollout
{
    public static JsonElement Rewrite(FlagDefinition flag, int percent, string? variant)
    {
        if (percent is < 0 or > 100)
        {
            throw new SlipwayProblemException(400, "Invalid percentage", $"percent must be a whole number from 0 to 100, not {percent}.");
        }

        var on = Variant(flag, variant);

        var root = JsonNode.Parse(flag.Json.GetRawText())!.AsObject();
        var targeting = root["targeting"] as JsonObject;
        var splits = new List<JsonObject>();
        if (targeting is not null)
        {
            Collect(targeting, splits);
        }

        if (splits.Count > 1)
        {
            throw new SlipwayProblemException(409, "Several splits", $"Flag '{flag.Key}' has {splits.Count} fractional splits; set its targeting with 'flags set'.");
        }

        if (splits.Count == 0 && targeting is not null && targeting.Count > 0)
        {
            throw new SlipwayProblemException(409, "No split to change", $"Flag '{flag.Key}' has targeting rules without a fractional split; set its targeting with 'flags set'.");
        }

        var existing = splits.Count == 1 && splits[0]["fractional"] is JsonArray args ? args : null;
        JsonNode? bucketKey = existing is { Count: > 0 } && existing[0] is not JsonArray ? existing[0]!.DeepClone() : null;
        var names = existing?.OfType<JsonArray>().Select(b => b.Count > 0 ? b[0]?.ToString() : null).ToList() ?? [];
        var off = names.Count == 2 && names.Contains(on) ? names.First(n => n != on)
            : flag.DefaultVariant is { } d && d != on ? d
            : new[] { "off", "false", "disabled" }.FirstOrDefault(n => n != on && flag.Variants.ContainsKey(n))
            ?? flag.VariantNames.FirstOrDefault(n => n != on)
            ?? throw new SlipwayProblemException(400, "Nothing to split", $"Flag '{flag.Key}' needs a second variant for the users outside the {percent} %.");
        var onFirst = !(names.Count == 2 && names[0] == off);

        var buckets = new JsonArray();
        if (bucketKey is not null)
        {
            buckets.Add(bucketKey);
        }

        JsonArray Bucket(string name, int weight) => [JsonValue.Create(name), JsonValue.Create(weight)];
        if (onFirst)
        {
            buckets.Add(Bucket(on, percent));
            buckets.Add(Bucket(off!, 100 - percent));
        }
        else
        {
            buckets.Add(Bucket(off!, 100 - percent));
            buckets.Add(Bucket(on, percent));
        }

        if (splits.Count == 1)
        {
            splits[0]["fractional"] = buckets;
        }
        else
        {
            root["targeting"] = new JsonObject { ["fractional"] = buckets };
        }

        return FlagDocumentJson.Element(root.ToJsonString());
    }

    /// <summary>The variant a rollout gives: the one named, else the flag's "on", "true" or "enabled" variant; a 400 otherwise.</summary>
    public static string Variant(FlagDefinition flag, string? variant)
    {
        var on = variant ?? new[] { "on", "true", "enabled" }.FirstOrDefault(flag.Variants.ContainsKey)
            ?? throw new SlipwayProblemException(400, "Which variant?", $"Flag '{flag.Key}' has no variant named on or true; name the variant to roll out (variants: {string.Join(", ", flag.VariantNames)}).");
        if (!flag.Variants.ContainsKey(on))
        {
            throw new SlipwayProblemException(400, "Unknown variant", $"Flag '{flag.Key}' has no variant '{on}' (variants: {string.Join(", ", flag.VariantNames)}).");
        }

        return on;
    }

    private static void Collect(JsonNode? node, List<JsonObject> found)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.ContainsKey("fractional"))
                {
                    found.Add(obj);
                }

                foreach (var (_, child) in obj)
                {
                    Collect(child, found);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, found);
                }

                break;
        }
    }
}
