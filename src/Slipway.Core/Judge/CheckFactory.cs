using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Core.Judge;

/// <summary>
/// Builds validated <see cref="Check"/>s and <see cref="JudgeOptions"/> from the raw values of
/// <c>slipway.yml</c>. Every error names its field as written in the file.
/// </summary>
public static partial class CheckFactory
{
    /// <summary>
    /// Builds the <c>checks:</c> list. An absent or empty list gives <see cref="Check.Defaults"/>.
    /// Errors are named <c>checks[i].field</c>.
    /// </summary>
    public static ConfigResult<IReadOnlyList<Check>> CreateAll(IReadOnlyList<CheckDefinition>? definitions)
    {
        if (definitions is null || definitions.Count == 0)
        {
            return new ConfigResult<IReadOnlyList<Check>>(Check.Defaults, []);
        }

        var errors = new List<ConfigError>();
        var checks = new List<Check>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            var prefix = $"checks[{i}].";
            var result = Create(definitions[i], prefix);
            errors.AddRange(result.Errors);
            if (result.Value is { } check)
            {
                if (!names.Add(check.Name))
                {
                    errors.Add(new ConfigError(prefix + "name", $"'{check.Name}' is used by an earlier check; names must be unique"));
                }

                checks.Add(check);
            }
        }

        return new ConfigResult<IReadOnlyList<Check>>(errors.Count == 0 ? checks : null, errors);
    }

    /// <summary>Builds one check. <paramref name="fieldPrefix"/> is put before each field name in errors, e.g. <c>checks[0].</c>.</summary>
    public static ConfigResult<Check> Create(CheckDefinition definition, string fieldPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<ConfigError>();
        void Error(string field, string message) => errors.Add(new ConfigError(fieldPrefix + field, message));

        var name = definition.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Error("name", "is required");
        }

        var metric = definition.Metric?.Trim();
        if (string.IsNullOrEmpty(metric))
        {
            Error("metric", "is required");
        }
        else if (!MetricName().IsMatch(metric))
        {
            Error("metric", $"'{metric}' is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
        }

        CheckKind? kind = definition.Kind?.Trim() switch
        {
            "error_ratio" => CheckKind.ErrorRatio,
            "latency_quantile" => CheckKind.LatencyQuantile,
            "counter_rate" => CheckKind.CounterRate,
            _ => null,
        };
        if (kind is null)
        {
            Error("kind", definition.Kind is null
                ? "is required: error_ratio, latency_quantile or counter_rate"
                : $"'{definition.Kind}' is not one of error_ratio, latency_quantile, counter_rate");
        }

        var quantile = definition.Quantile ?? 0.99;
        if (definition.Quantile is not null && kind is not CheckKind.LatencyQuantile)
        {
            Error("quantile", "applies only to kind latency_quantile");
        }
        else if (!(quantile > 0 && quantile < 1))
        {
            Error("quantile", $"{quantile.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1, e.g. 0.99");
        }

        BadDirection? bad = definition.Bad?.Trim() switch
        {
            null => kind == CheckKind.CounterRate ? BadDirection.Decrease : BadDirection.Increase,
            "increase" => BadDirection.Increase,
            "decrease" => BadDirection.Decrease,
            "either" => BadDirection.Either,
            _ => null,
        };
        if (bad is null)
        {
            Error("bad", $"'{definition.Bad}' is not one of increase, decrease, either");
        }

        var minEffect = kind is { } k ? MinimumEffect(k, definition.MinEffect, bad, Error) : null;

        if (errors.Count > 0 || kind is null || bad is null || minEffect is null)
        {
            return new ConfigResult<Check>(null, errors);
        }

        return new ConfigResult<Check>(
            new Check
            {
                Name = name!,
                Metric = metric!,
                Kind = kind.Value,
                Quantile = quantile,
                Bad = bad.Value,
                MinimumEffect = minEffect.Value,
                Critical = definition.Critical ?? true,
            },
            errors);
    }

    /// <summary>Builds the <c>judge:</c> block. Absent values take the defaults of <see cref="JudgeOptions"/>. Errors are named <c>judge.field</c>.</summary>
    public static ConfigResult<JudgeOptions> CreateOptions(JudgeOptionsDefinition? definition)
    {
        var defaults = JudgeOptions.Default;
        if (definition is null)
        {
            return new ConfigResult<JudgeOptions>(defaults, []);
        }

        var errors = new List<ConfigError>();
        if (definition.MinRequests is < 1)
        {
            errors.Add(new ConfigError("judge.min_requests", $"{definition.MinRequests} must be at least 1"));
        }

        var extension = Duration(definition.MaxBakeExtension, "judge.max_bake_extension", defaults.MaxBakeExtension, errors);
        var watch = Duration(definition.WatchWindow, "judge.watch_window", defaults.WatchWindow, errors);
        NotEnoughDataPolicy? policy = definition.NotEnoughData?.Trim() switch
        {
            null => defaults.NotEnoughData,
            "promote" => NotEnoughDataPolicy.Promote,
            "rollback" => NotEnoughDataPolicy.Rollback,
            "fail" => NotEnoughDataPolicy.Fail,
            _ => null,
        };
        if (policy is null)
        {
            errors.Add(new ConfigError("judge.not_enough_data", $"'{definition.NotEnoughData}' is not one of promote, rollback, fail"));
        }

        if (errors.Count > 0)
        {
            return new ConfigResult<JudgeOptions>(null, errors);
        }

        return new ConfigResult<JudgeOptions>(
            defaults with
            {
                MinRequests = definition.MinRequests ?? defaults.MinRequests,
                MaxBakeExtension = extension,
                NotEnoughData = policy!.Value,
                Shadow = definition.Shadow ?? defaults.Shadow,
                WatchWindow = watch,
            },
            errors);
    }

    private static double? MinimumEffect(CheckKind kind, string? raw, BadDirection? bad, Action<string, string> error)
    {
        var text = raw?.Trim().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (kind == CheckKind.ErrorRatio)
        {
            if (text is null)
            {
                return 0.01;
            }

            if (!text.EndsWith("pp", StringComparison.Ordinal) || !TryNumber(text[..^2], out var points))
            {
                error("min_effect", $"'{raw}' is not in percentage points; an error_ratio takes an absolute change such as \"1pp\"");
                return null;
            }

            if (!(points > 0 && points < 100))
            {
                error("min_effect", $"'{raw}' must be more than 0pp and less than 100pp");
                return null;
            }

            return points / 100;
        }

        if (text is null)
        {
            return 0.20;
        }

        if (!text.EndsWith('%') || !TryNumber(text[..^1], out var percent))
        {
            error("min_effect", $"'{raw}' is not a relative change; {(kind == CheckKind.LatencyQuantile ? "a latency_quantile" : "a counter_rate")} takes a percentage such as \"20%\"");
            return null;
        }

        if (!(percent > 0))
        {
            error("min_effect", $"'{raw}' must be more than 0%");
            return null;
        }

        if (percent >= 100 && bad != BadDirection.Increase)
        {
            error("min_effect", $"'{raw}' must be less than 100% when a decrease is bad");
            return null;
        }

        return percent / 100;
    }

    private static TimeSpan Duration(string? raw, string field, TimeSpan fallback, List<ConfigError> errors)
    {
        if (raw is null)
        {
            return fallback;
        }

        var match = DurationPattern().Match(raw.Trim());
        if (!match.Success)
        {
            errors.Add(new ConfigError(field, $"'{raw}' is not a duration such as 90s, 2m or 1h30m"));
            return fallback;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitMatch = DurationPart().Match(part.Value);
            var value = double.Parse(unitMatch.Groups["value"].Value, CultureInfo.InvariantCulture);
            total += unitMatch.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return total;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)(?<unit>ms|s|m|h)$")]
    private static partial Regex DurationPart();
}
