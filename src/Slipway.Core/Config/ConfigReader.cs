using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Core.Config;

/// <summary>Collects <see cref="ConfigError"/>s for one file and opens its mappings as <see cref="ConfigSection"/>s.</summary>
internal sealed class ConfigReader(string fileName)
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public void Error(YamlNode node, string field, string message) => Error(node.Start, field, message);

    public void Error(Mark at, string field, string message) =>
        _errors.Add(new ConfigError(fileName, (int)at.Line, (int)at.Column, field, message));

    public static string Path(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Path(string parent, int index) => $"{parent}[{index}]";

    /// <summary>A plain <c>~</c>, <c>null</c> or empty value: the key is there but has no value.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>How a value is named in an error: <c>"thirty"</c>, <c>a list</c>, <c>a mapping</c>, <c>nothing</c>.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => Quote(scalar.Value ?? ""),
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an unsupported value",
    };

    public static string Quote(string text) => '"' + (text.Length > 60 ? string.Concat(text.AsSpan(0, 57), "...") : text) + '"';

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping with the given keys. Reports a value that is no mapping,
    /// keys that are not strings, and unknown keys (with a suggestion). Returns <see langword="null"/> when it is no mapping.
    /// </summary>
    public ConfigSection? Section(YamlNode node, string field, IReadOnlyList<string> knownKeys, string what)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, field, $"expected {what}, got {Describe(node)}");
            return null;
        }

        var entries = new Dictionary<string, KeyValuePair<YamlScalarNode, YamlNode>>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } scalarKey)
            {
                Error(key, field, $"keys must be plain names, got {Describe(key)}");
                continue;
            }

            var path = Path(field, name);
            if (!knownKeys.Contains(name, StringComparer.Ordinal))
            {
                var suggestion = KeySuggester.Suggest(name, knownKeys);
                Error(key, path, suggestion is null
                    ? $"unknown key {Quote(name)}; expected one of: {string.Join(", ", knownKeys)}"
                    : $"unknown key {Quote(name)}; did you mean {Quote(suggestion)}?");
                continue;
            }

            entries[name] = new(scalarKey, value);
        }

        return new ConfigSection(this, mapping, field, entries);
    }
}
