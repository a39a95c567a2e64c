using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Slipway.Core.Config;

/// <summary>Reads the <c>checks:</c> list.</summary>
internal static partial class ChecksReader
{
    private static readonly string[] Keys = ["name", "metric", "kind", "quantile", "bad", "min_effect", "critical"];

    private static readonly (string, CheckKind)[] Kinds =
    [
        ("error_ratio", CheckKind.ErrorRatio), ("latency_quantile", CheckKind.LatencyQuantile), ("counter_rate", CheckKind.CounterRate),
    ];

    private static readonly (string, BadDirection)[] Directions =
    [
        ("increase", BadDirection.Increase), ("decrease", BadDirection.Decrease), ("either", BadDirection.Either),
    ];

    public static IReadOnlyList<CheckConfig> Read(ConfigSection top)
    {
        var value = top.Value("checks");
        if (value is null)
        {
            return [];
        }

        if (value is not YamlSequenceNode list)
        {
            top.Reader.Error(value, "checks", $"expected a list of checks, got {ConfigReader.Describe(value)}");
            return [];
        }

        var checks = new List<CheckConfig>();
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

    private static CheckConfig? ReadCheck(ConfigSection section)
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

        var quantile = section.Number("quantile");
        if (kind == CheckKind.LatencyQuantile && quantile is null && section.Value("quantile") is null)
        {
            section.Reader.Error(section.Node, section.PathOf("quantile"), "required when kind is latency_quantile (for example 0.99)");
        }
        else if (quantile is not null && kind is not null and not CheckKind.LatencyQuantile)
        {
            section.Reader.Error(section.Value("quantile")!, section.PathOf("quantile"), "only applies when kind is latency_quantile");
            quantile = null;
        }
        else if (quantile is <= 0 or >= 1)
        {
            section.Reader.Error(section.Value("quantile")!, section.PathOf("quantile"), $"must be between 0 and 1 exclusive, got {quantile.Value.ToString(CultureInfo.InvariantCulture)}");
            quantile = null;
        }

        var bad = section.Choice("bad", Directions);
        var minEffect = ReadMinEffect(section);
        var critical = section.Bool("critical");

        if (name is null || metric is null || kind is null)
        {
            return null;
        }

        return new CheckConfig
        {
            Name = name,
            Metric = metric,
            Kind = kind.Value,
            Quantile = quantile,
            Bad = bad ?? BadDirection.Increase,
            MinEffect = minEffect,
            Critical = critical ?? true,
        };
    }

    private static MinEffect? ReadMinEffect(ConfigSection section)
    {
        var value = section.Value("min_effect");
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode { Value: { } text } && Effect().Match(text) is { Success: true } match
            && double.TryParse(match.Groups["value"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount > 0)
        {
            return new MinEffect(amount, match.Groups["unit"].Value == "pp" ? EffectUnit.PercentagePoints : EffectUnit.Percent);
        }

        section.Reader.Error(value, section.PathOf("min_effect"), $"expected an effect such as 1pp (percentage points) or 20% (relative), got {ConfigReader.Describe(value)}");
        return null;
    }

    [GeneratedRegex(@"^(?<value>\d{1,6}(?:\.\d{1,6})?)\s*(?<unit>pp|%)$")]
    private static partial Regex Effect();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();
}
