using System.Globalization;
using System.Text;

namespace Slipway.Core.Metrics;

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4, and the OpenMetrics lines that fit it):
/// <c># HELP</c> and <c># TYPE</c> lines, other comments, samples with optional labels (escapes <c>\\</c>,
/// <c>\"</c>, <c>\n</c>), values including <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>, and an optional timestamp.
/// Pure and total: a malformed line is skipped and counted, never thrown.
/// </summary>
internal static class PrometheusTextParser
{
    public static ParsedScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = 0;
        string? firstProblem = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            var problem = line[0] == '#' ? ReadComment(line, types) : ReadSample(line, samples);
            if (problem is not null)
            {
                skipped++;
                firstProblem ??= $"line {lineNumber.ToString(CultureInfo.InvariantCulture)}: {problem}";
            }
        }

        return new ParsedScrape(samples, types, skipped, firstProblem);
    }

    /// <summary>Reads <c># TYPE name type</c> into <paramref name="types"/>; HELP and other comments are accepted and ignored.</summary>
    private static string? ReadComment(string line, Dictionary<string, string> types)
    {
        var parts = line[1..].Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] is not ("TYPE" or "HELP"))
        {
            return null;
        }

        if (parts.Length < 2 || !IsMetricName(parts[1]))
        {
            return $"# {parts[0]} without a valid metric name";
        }

        if (parts[0] == "TYPE")
        {
            if (parts.Length != 3)
            {
                return "# TYPE needs exactly a name and a type";
            }

            types[parts[1]] = parts[2].ToLowerInvariant();
        }

        return null;
    }

    private static string? ReadSample(string line, List<MetricSample> samples)
    {
        var position = 0;
        while (position < line.Length && IsNameChar(line[position], position == 0))
        {
            position++;
        }

        var name = line[..position];
        if (name.Length == 0)
        {
            return "no metric name";
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        SkipBlanks(line, ref position);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            if (ReadLabels(line, ref position, labels) is { } labelProblem)
            {
                return labelProblem;
            }
        }

        var rest = line[position..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0)
        {
            return "no value";
        }

        if (!TryParseValue(rest[0], out var value))
        {
            return $"'{rest[0]}' is not a number";
        }

        long? timestamp = null;
        var next = 1;
        if (rest.Length > 1 && rest[1] != "#")
        {
            if (!TryParseTimestamp(rest[1], out var ms))
            {
                return $"'{rest[1]}' is not a timestamp";
            }

            timestamp = ms;
            next = 2;
        }

        // Anything after the value and timestamp must be an OpenMetrics exemplar ("# {...} value"), which is ignored.
        if (rest.Length > next && !rest[next].StartsWith('#'))
        {
            return $"unexpected '{rest[next]}' after the value";
        }

        samples.Add(new MetricSample(name, labels, value, timestamp));
        return null;
    }

    private static string? ReadLabels(string line, ref int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            SkipBlanks(line, ref position);
            if (position >= line.Length)
            {
                return "labels are not closed with '}'";
            }

            if (line[position] == '}')
            {
                position++;
                return null;
            }

            var start = position;
            while (position < line.Length && IsLabelChar(line[position], position == start))
            {
                position++;
            }

            var labelName = line[start..position];
            if (labelName.Length == 0)
            {
                return $"bad label name at column {(position + 1).ToString(CultureInfo.InvariantCulture)}";
            }

            SkipBlanks(line, ref position);
            if (position >= line.Length || line[position] != '=')
            {
                return $"label '{labelName}' has no '='";
            }

            position++;
            SkipBlanks(line, ref position);
            if (position >= line.Length || line[position] != '"')
            {
                return $"label '{labelName}' has no quoted value";
            }

            position++;
            var value = new StringBuilder();
            var closed = false;
            while (position < line.Length)
            {
                var c = line[position++];
                if (c == '"')
                {
                    closed = true;
                    break;
                }

                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (position >= line.Length)
                {
                    break;
                }

                var escaped = line[position++];
                switch (escaped)
                {
                    case '\\':
                    case '"':
                        value.Append(escaped);
                        break;
                    case 'n':
                        value.Append('\n');
                        break;
                    default:
                        return $"label '{labelName}' has an invalid escape '\\{escaped}'";
                }
            }

            if (!closed)
            {
                return $"label '{labelName}' value is not closed";
            }

            if (!labels.TryAdd(labelName, value.ToString()))
            {
                return $"label '{labelName}' appears twice";
            }

            SkipBlanks(line, ref position);
            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
            else if (position < line.Length && line[position] != '}')
            {
                return $"expected ',' or '}}' after label '{labelName}'";
            }
        }
    }

    /// <summary>Go's ParseFloat spellings as Prometheus writes them: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, and ordinary numbers.</summary>
    internal static bool TryParseValue(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "+inf":
            case "inf":
            case "+infinity":
            case "infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
            case "-infinity":
                value = double.NegativeInfinity;
                return true;
            case "nan":
                value = double.NaN;
                return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Milliseconds since the epoch (the text format), or seconds with a fraction (OpenMetrics).</summary>
    private static bool TryParseTimestamp(string text, out long ms)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ms))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            ms = (long)Math.Round(seconds * 1000);
            return true;
        }

        return false;
    }

    private static void SkipBlanks(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static bool IsMetricName(string name) =>
        name.Length > 0 && name.Select((c, i) => IsNameChar(c, i == 0)).All(ok => ok);

    private static bool IsNameChar(char c, bool first) =>
        char.IsAsciiLetter(c) || c is '_' or ':' || (!first && char.IsAsciiDigit(c));

    private static bool IsLabelChar(char c, bool first) =>
        char.IsAsciiLetter(c) || c == '_' || (!first && char.IsAsciiDigit(c));
}
