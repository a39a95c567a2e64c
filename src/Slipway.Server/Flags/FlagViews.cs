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
        flag.Json);

    public static FlagListResponse List(FlagSetSnapshot snapshot) => new(
        snapshot.Scope.Service,
        snapshot.Scope.Environment,
        snapshot.Version,
        snapshot.Document.Flags.Values.OrderBy(f => f.Key, StringComparer.Ordinal).Select(View).ToList());

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
