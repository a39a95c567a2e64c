using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Slipway.Core.Config;

/// <summary>
/// One mapping of the file whose keys have been checked. Each getter reads one key, reports what is wrong with it
/// and returns <see langword="null"/> when the key is absent, has no value, or is invalid.
/// </summary>
internal sealed class ConfigSection(
    ConfigReader reader,
    YamlMappingNode node,
    string path,
    IReadOnlyDictionary<string, KeyValuePair<YamlScalarNode, YamlNode>> entries)
{
    public const string DurationExample = "expected a duration such as 30s or 500ms";

    public ConfigReader Reader => reader;

    public YamlMappingNode Node => node;

    public string PathOf(string key) => ConfigReader.Path(path, key);

    /// <summary>The value of <paramref name="key"/>, or <see langword="null"/> if it is absent or empty (reported if <paramref name="required"/>).</summary>
    public YamlNode? Value(string key, bool required = false)
    {
        if (entries.TryGetValue(key, out var entry) && !ConfigReader.IsNull(entry.Value))
        {
            return entry.Value;
        }

        if (required)
        {
            if (entries.TryGetValue(key, out var empty))
            {
                reader.Error(empty.Key, PathOf(key), "required key has no value");
            }
            else
            {
                reader.Error(node, PathOf(key), "required key is missing");
            }
        }

        return null;
    }

    public string? String(string key, bool required = false, string what = "a string")
    {
        var value = Value(key, required);
        return value is null ? null : ReadString(value, PathOf(key), what);
    }

    public string? ReadString(YamlNode value, string valuePath, string what)
    {
        if (value is not YamlScalarNode { Value: { } text })
        {
            reader.Error(value, valuePath, $"expected {what}, got {ConfigReader.Describe(value)}");
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            reader.Error(value, valuePath, $"expected {what}, got an empty string");
            return null;
        }

        return text;
    }

    public long? Integer(string key, long min, long max)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalarNode { Value: { } text }
            || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            reader.Error(value, PathOf(key), $"expected a whole number, got {ConfigReader.Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            reader.Error(value, PathOf(key), max == long.MaxValue
                ? $"must be at least {min}, got {number}"
                : $"must be between {min} and {max}, got {number}");
            return null;
        }

        return number;
    }

    public int? Int(string key, int min, int max) => (int?)Integer(key, min, max);

    public double? Number(string key)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalarNode { Value: { } text }
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            reader.Error(value, PathOf(key), $"expected a number, got {ConfigReader.Describe(value)}");
            return null;
        }

        return number;
    }

    public bool? Bool(string key)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode { Value: { } text })
        {
            if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        reader.Error(value, PathOf(key), $"expected true or false, got {ConfigReader.Describe(value)}");
        return null;
    }

    /// <summary>Reads a duration that must be at least <paramref name="min"/> (zero is allowed when <paramref name="min"/> is zero).</summary>
    public TimeSpan? Duration(string key, TimeSpan min)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalarNode { Value: { } text } || !DurationText.TryParse(text, out var duration))
        {
            var hint = value is YamlScalarNode { Value: { } digits } && long.TryParse(digits, CultureInfo.InvariantCulture, out _)
                ? " (add a unit: ms, s, m or h)"
                : "";
            reader.Error(value, PathOf(key), $"{DurationExample}, got {ConfigReader.Describe(value)}{hint}");
            return null;
        }

        if (duration < min)
        {
            reader.Error(value, PathOf(key), $"must be at least {DurationText.Format(min)}, got {text}");
            return null;
        }

        return duration;
    }

    /// <summary>Reads one of a fixed set of words, such as <c>increase</c>, <c>decrease</c> or <c>either</c>.</summary>
    public T? Choice<T>(string key, IReadOnlyList<(string Word, T Value)> options)
        where T : struct
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        var words = options.Select(o => o.Word).ToArray();
        if (value is YamlScalarNode { Value: { } text })
        {
            foreach (var (word, result) in options)
            {
                if (word.Equals(text, StringComparison.Ordinal))
                {
                    return result;
                }
            }

            var suggestion = KeySuggester.Suggest(text, words);
            if (suggestion is not null)
            {
                reader.Error(value, PathOf(key), $"expected one of {string.Join(", ", words)}; got {ConfigReader.Quote(text)}, did you mean {ConfigReader.Quote(suggestion)}?");
                return null;
            }
        }

        reader.Error(value, PathOf(key), $"expected one of {string.Join(", ", words)}; got {ConfigReader.Describe(value)}");
        return null;
    }

    /// <summary>Opens the value of <paramref name="key"/> as a nested section.</summary>
    public ConfigSection? Section(string key, IReadOnlyList<string> knownKeys, string what)
    {
        var value = Value(key);
        return value is null ? null : reader.Section(value, PathOf(key), knownKeys, what);
    }
}
