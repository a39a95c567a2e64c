using System.Globalization;
using System.Text.Json;

namespace Slipway.Flags.Reassignment;

/// <summary>
/// Previews a flag change before it is saved. A change of split weights is computed exactly, by bucket arithmetic over
/// the 2^32 hash space; any other rule change is measured on a sample of contexts.
/// </summary>
public static class ReassignmentAnalysis
{
    private const double HashSpace = 4294967296.0;

    public static ReassignmentPreview Preview(FlagDefinition before, FlagDefinition after, IReadOnlyList<EvaluationContext>? sample = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var key = after.Key;
        if (JsonElement.DeepEquals(Deciding(before.Json), Deciding(after.Json)))
        {
            return new(key, 0, ReassignmentMethod.Unchanged, 0, [], "Nothing that decides a variant changed.");
        }

        if (before.Error is null && after.Error is null
            && before.State == FlagState.Enabled && after.State == FlagState.Enabled
            && before.DefaultVariant == after.DefaultVariant
            && before.Targeting is { } oldTargeting && after.Targeting is { } newTargeting
            && StaticSplit.Find(oldTargeting) is { } oldSplit && StaticSplit.Find(newTargeting) is { } newSplit
            && oldSplit.Path == newSplit.Path && oldSplit.BucketKey == newSplit.BucketKey
            && oldSplit.TargetingWithoutSplit == newSplit.TargetingWithoutSplit)
        {
            return Exact(key, oldSplit, newSplit);
        }

        if (sample is null || sample.Count == 0)
        {
            return new(key, null, ReassignmentMethod.Unknown, 0, [], "A rule changed; give sample contexts to estimate the share of users who would switch.");
        }

        return Sampled(key, before, after, sample);
    }

    /// <summary>Exact share of the hash space whose variant differs between two splits.</summary>
    internal static ReassignmentPreview Exact(string key, StaticSplit before, StaticSplit after)
    {
        var oldBounds = Boundaries(before);
        var newBounds = Boundaries(after);
        var cuts = oldBounds.Select(b => b.End).Concat(newBounds.Select(b => b.End)).Append(0UL).Distinct().Order().ToList();
        var moved = new Dictionary<(string?, string?), ulong>();
        ulong start = 0;
        foreach (var end in cuts.Where(c => c > 0))
        {
            var from = VariantAt(oldBounds, start);
            var to = VariantAt(newBounds, start);
            if (from != to)
            {
                moved[(from, to)] = (moved.TryGetValue((from, to), out var sum) ? sum : 0) + (end - start);
            }

            start = end;
        }

        var total = moved.Values.Aggregate(0UL, (a, b) => a + b);
        var transitions = moved.OrderByDescending(m => m.Value).Select(m => new VariantTransition(m.Key.Item1, m.Key.Item2, m.Value / HashSpace)).ToList();
        var scope = before.Path.Length == 0 ? "of all users" : "of the users who reach the split";
        var share = total / HashSpace;
        return new(key, share, ReassignmentMethod.BucketArithmetic, 0, transitions,
            $"{share.ToString("P2", CultureInfo.InvariantCulture)} {scope} would switch variant (exact, over the bucket space).");
    }

    private static ReassignmentPreview Sampled(string key, FlagDefinition before, FlagDefinition after, IReadOnlyList<EvaluationContext> sample)
    {
        var oldEvaluator = new FlagEvaluator(new FlagDocument(new() { [key] = before }, [], null));
        var newEvaluator = new FlagEvaluator(new FlagDocument(new() { [key] = after }, [], null));
        var moved = new Dictionary<(string?, string?), int>();
        foreach (var context in sample)
        {
            var from = Variant(oldEvaluator.Resolve(key, context));
            var to = Variant(newEvaluator.Resolve(key, context));
            if (from != to)
            {
                moved[(from, to)] = (moved.TryGetValue((from, to), out var n) ? n : 0) + 1;
            }
        }

        var changed = moved.Values.Sum();
        var share = (double)changed / sample.Count;
        var transitions = moved.OrderByDescending(m => m.Value).Select(m => new VariantTransition(m.Key.Item1, m.Key.Item2, (double)m.Value / sample.Count)).ToList();
        return new(key, share, ReassignmentMethod.Sample, sample.Count, transitions,
            $"{changed} of {sample.Count} sampled contexts ({share.ToString("P2", CultureInfo.InvariantCulture)}) would switch variant.");
    }

    private static string? Variant(Resolution resolution) =>
        resolution.VariantIndex >= 0 ? resolution.Flag!.VariantNameAt(resolution.VariantIndex) : null;

    /// <summary>Variant intervals [previous end, End) of the hash space: hash h is in bucket floor(h * total / 2^32).</summary>
    private static List<(string? Variant, ulong End)> Boundaries(StaticSplit split)
    {
        var total = (ulong)split.TotalWeight;
        if (total == 0)
        {
            return [(null, 1UL << 32)];
        }

        var result = new List<(string?, ulong)>();
        ulong cumulative = 0;
        foreach (var (variant, weight) in split.Buckets)
        {
            cumulative += (ulong)weight;
            // Smallest h with floor(h * total / 2^32) >= cumulative is ceil(cumulative * 2^32 / total).
            var numerator = (UInt128)cumulative << 32;
            var end = (ulong)((numerator + total - 1) / total);
            result.Add((variant, Math.Min(end, 1UL << 32)));
        }

        return result;
    }

    private static string? VariantAt(List<(string? Variant, ulong End)> bounds, ulong hash)
    {
        foreach (var (variant, end) in bounds)
        {
            if (hash < end)
            {
                return variant;
            }
        }

        return null;
    }

    private static JsonElement Deciding(JsonElement flag)
    {
        // Metadata does not decide variants.
        if (flag.ValueKind != JsonValueKind.Object)
        {
            return flag;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var property in flag.EnumerateObject())
            {
                if (property.Name != "metadata")
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(stream.ToArray());
        return doc.RootElement.Clone();
    }
}
