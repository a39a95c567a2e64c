using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Core.Judge;
using YamlDotNet.RepresentationModel;

namespace Slipway.Core.Config;

/// <summary>
/// Reads the <c>checks:</c> list into the judge's own <see cref="Check"/>s. This is the only place a check is validated:
/// whatever it accepts, the judge can evaluate. An absent or empty list gives <see cref="Check.Defaults"/>.
/// </summary>
internal static partial class ChecksReader
{
    /// <summary>The smallest change that counts when a check does not say: 1pp for an error ratio.</summary>
    public const double DefaultPointsEffect = 0.01;

    /// <summary>The smallest change that counts when a check does not say: 20% for a latency quantile or a counter rate.</summary>
    public const double DefaultRelativeEffect = 0.20;

    private static readonly string[] Keys = ["name", "metric", "kind", "quantile", "bad", "min_effect", "critical"];

    private static readonly (string, CheckKind)[] Kinds =
    [
        ("error_ratio", CheckKind.ErrorRatio), ("latency_quantile", CheckKind.LatencyQuantile), ("counter_rate", CheckKind.CounterRate),
    ];

    private static readonly (string, BadDirection)[] Directions =
    [
        ("increase", BadDirection.Increase), ("decrease", BadDirection.Decrease), ("either", BadDirection.Either),
    ];

    public static IReadOnlyList<Check> Read(ConfigSection top)
    {
        var value = top.Value("checks");
        if (value is null)
        {
            return Check.Defaults;
        }

        if (value is not YamlSequenceNode list)
        {
            top.Reader.Error(value, "checks", $"expected a list of checks, got {ConfigReader.Describe(value)}");
            return Check.Defaults;
        }

        if (list.Children.Count == 0)
        {
            return Check.Defaults;
        }

        var checks = new List<Check>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var section = top.Reader.Section(list.Children[i], ConfigReader.Path("checks", i), Keys, "a check with name, metric and kind");
            if (section is not null && ReadCheck(section) is { } check)
            {
                if (names.Add(check.Name))
                {
                    checks.Add(check);
                }
                else
                {
                    top.Reader.Error(section.Value("name")!, section.PathOf("name"), $"another check is already named {ConfigReader.Quote(check.Name)}");
                }
            }
        }

        return checks;
    }

    private static Check? ReadCheck(ConfigSection section)
    {
        var name = section.String("name", required: true, what: "a name");
        var metric = section.String("metric", required: true, what: "a metric name");
        if (metric is not null && !MetricName().IsMatch(metric))
        {
            section.Reader.Error(section.Value("metric")!, section.PathOf("metric"), $"expected a Prometheus metric name such as http_requests_total, got {ConfigReader.Quote(metric)}");
            metric = null;
        }

        var kind = section.Choice("kind", Kinds);
        if (kind is null && section.Value("kind") is null)
        {
            section.Value("kind", required: true);
        }

        var quantile = ReadQuantile(section, kind);
        var badValue = section.Value("bad");
        var bad = section.Choice("bad", Directions);
        var badValid = bad is not null || badValue is null;
        var minEffect = ReadMinEffect(section, kind, bad ?? BadDirection.Increase, badValid);
        var critical = section.Bool("critical");

        if (name is null || metric is null || kind is null || !badValid || minEffect is null || quantile is null)
        {
            return null;
        }

        return new Check
        {
            Name = name,
            Metric = metric,
            Kind = kind.Value,
            Quantile = quantile.Value,
            Bad = bad ?? BadDirection.Increase,
            MinimumEffect = minEffect.Value,
            Critical = critical ?? true,
        };
    }

    /// <summary>The quantile of a <c>latency_quantile</c> check (required there, not allowed elsewhere); the judge's unused default otherwise.</summary>
    private static double? ReadQuantile(ConfigSection section, CheckKind? kind)
    {
        var value = section.Value("quantile");
        var quantile = section.Number("quantile");
        if (kind == CheckKind.LatencyQuantile && value is null)
        {
            section.Reader.Error(section.Node, section.PathOf("quantile"), "required when kind is latency_quantile (for example 0.99)");
            return null;
        }

        if (value is null)
        {
            return Check.DefaultQuantile;
        }

        if (quantile is null)
        {
            return null;
        }

        if (kind is not null and not CheckKind.LatencyQuantile)
        {
            section.Reader.Error(value, section.PathOf("quantile"), "only applies when kind is latency_quantile");
            return null;
        }

        if (quantile is <= 0 or >= 1)
        {
            section.Reader.Error(value, section.PathOf("quantile"), $"must be between 0 and 1 exclusive, got {quantile.Value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return quantile;
    }

    /// <summary>
    /// The smallest change that counts, as the fraction <see cref="Check.MinimumEffect"/> holds: percentage points
    /// (<c>1pp</c>) for an error ratio, a relative change (<c>20%</c>) for the others, below 100% when a decrease is bad.
    /// </summary>
    private static double? ReadMinEffect(ConfigSection section, CheckKind? kind, BadDirection bad, bool badValid)
    {
        var value = section.Value("min_effect");
        if (value is null)
        {
            return kind == CheckKind.ErrorRatio ? DefaultPointsEffect : DefaultRelativeEffect;
        }

        var field = section.PathOf("min_effect");
        if (value is not YamlScalarNode { Value: { } text } || Effect().Match(text) is not { Success: true } match
            || !double.TryParse(match.Groups["value"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0)
        {
            section.Reader.Error(value, field, $"expected an effect such as 1pp (percentage points) or 20% (relative), got {ConfigReader.Describe(value)}");
            return null;
        }

        var points = match.Groups["unit"].Value == "pp";
        switch (kind)
        {
            case null:
                return amount / 100;
            case CheckKind.ErrorRatio when !points:
                section.Reader.Error(value, field, $"an error_ratio takes an absolute change in percentage points such as 1pp, got {ConfigReader.Quote(text)}");
                return null;
            case CheckKind.ErrorRatio when amount >= 100:
                section.Reader.Error(value, field, $"must be less than 100pp, got {ConfigReader.Quote(text)}");
                return null;
            case CheckKind.ErrorRatio:
                return amount / 100;
            case CheckKind.LatencyQuantile or CheckKind.CounterRate when points:
                section.Reader.Error(value, field, $"a {(kind == CheckKind.LatencyQuantile ? "latency_quantile" : "counter_rate")} takes a relative change such as 20%, got {ConfigReader.Quote(text)}");
                return null;
            case CheckKind.LatencyQuantile or CheckKind.CounterRate when amount >= 100 && badValid && bad != BadDirection.Increase:
                section.Reader.Error(value, field, $"must be less than 100% when a decrease is bad (a rate cannot fall by more than all of it), got {ConfigReader.Quote(text)}");
                return null;
            default:
                return amount / 100;
        }
    }

    [GeneratedRegex(@"^(?<value>\d{1,6}(?:\.\d{1,6})?)\s*(?<unit>pp|%)$")]
    private static partial Regex Effect();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();
}
