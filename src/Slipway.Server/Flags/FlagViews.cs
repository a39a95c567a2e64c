using System.Globalization;
using Slipway.Flags;
using Slipway.Flags.Experiments;

namespace Slipway.Server.Flags;

/// <summary>Builds API views of flags.</summary>
internal static class FlagViews
{
    public static FlagView View(FlagDefinition flag) => new(
        flag.Key,
        flag.State == FlagState.Enabled ? "ENABLED" : "DISABLED",
        flag.DefaultVariant,
        flag.VariantNames,
        Rule(flag),
        flag.Json,
        Serves(flag));

    public static FlagListResponse List(FlagSetSnapshot snapshot) => new(
        snapshot.Scope.Service,
        snapshot.Scope.Environment,
        snapshot.Version,
        snapshot.Document.Flags.Values.OrderBy(f => f.Key, StringComparer.Ordinal).Select(View).ToList());

    /// <summary>What an evaluation of the flag gets, in one phrase.</summary>
    public static string Serves(FlagDefinition flag)
    {
        if (flag.Error is not null)
        {
            return "the caller's default (broken)";
        }

        if (flag.State != FlagState.Enabled)
        {
            return "the caller's default (disabled)";
        }

        var fallback = flag.DefaultVariant is { } d ? d : "the caller's default";
        if (!flag.HasTargeting)
        {
            return $"{fallback} to everyone";
        }

        var weights = ExperimentAnalysis.DeclaredWeights(flag);
        var onlySplit = flag.Targeting is { } t && t.EnumerateObject().Count() == 1 && t.TryGetProperty("fractional", out _);
        if (weights is { Count: > 0 } && onlySplit)
        {
            var total = weights.Values.Sum();
            return string.Join(", ", weights.Select(w => $"{w.Key} {(total == 0 ? 0 : 100 * w.Value / total).ToString("0.##", CultureInfo.InvariantCulture)} %"));
        }

        return $"by targeting rules, else {fallback}";
    }

    /// <summary>One line: "static", "split: on 10 %, off 90 %", "targeting rules with a split: ...", "targeting rules".</summary>
    public static string Rule(FlagDefinition flag)
    {
        if (flag.Error is { } error)
        {
            return $"broken: {error}";
        }

        if (!flag.HasTargeting)
        {
            return "static";
        }

        var weights = ExperimentAnalysis.DeclaredWeights(flag);
        if (weights is null || weights.Count == 0)
        {
            return "targeting rules";
        }

        var total = weights.Values.Sum();
        var split = string.Join(", ", weights.Select(w => $"{w.Key} {(total == 0 ? 0 : 100 * w.Value / total).ToString("0.##", CultureInfo.InvariantCulture)} %"));
        var onlySplit = flag.Targeting is { } t && t.EnumerateObject().Count() == 1 && t.TryGetProperty("fractional", out _);
        return onlySplit ? $"split: {split}" : $"targeting rules with a split: {split}";
    }
}
