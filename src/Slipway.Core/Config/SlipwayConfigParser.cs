using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Core.Config;

/// <summary>
/// Parses and validates <c>slipway.yml</c>. Pure: it reads only the text it is given. It collects every error
/// it can find, each with file, line, column and field, rather than stopping at the first.
/// </summary>
public static class SlipwayConfigParser
{
    /// <summary>The name of the config file at the root of a service's repository.</summary>
    public const string FileName = "slipway.yml";

    public static ConfigParseResult Parse(string yamlText, string fileName = FileName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        var reader = new ConfigReader(fileName);
        var root = Load(yamlText, reader);
        if (root is null)
        {
            return ConfigParseResult.Invalid(reader.Errors);
        }

        var config = ServiceConfigReader.Read(reader, root);
        return reader.Errors.Count == 0 && config is not null
            ? ConfigParseResult.Valid(config)
            : ConfigParseResult.Invalid(reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
    }

    private static YamlNode? Load(string yamlText, ConfigReader reader)
    {
        var parser = new Parser(new StringReader(yamlText));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            reader.Error(e.Start, "", "invalid YAML: " + Sentence(e.Message));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner throws plain exceptions on a few malformed inputs (an unclosed [ list, for one).
            reader.Error(parser.Current?.Start ?? Mark.Empty, "", "invalid YAML syntax (an unclosed bracket or quote?)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            reader.Error(Mark.Empty, "", "the file is empty; it needs at least build, artifact and run");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            reader.Error(stream.Documents[1].RootNode, "", "expected one YAML document, found more (remove the extra ---)");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    // "While parsing a block mapping, did not find expected key." -> "while parsing a block mapping, did not find expected key"
    private static string Sentence(string message)
    {
        var text = message.Trim().TrimEnd('.');
        return text.Length == 0 ? "syntax error" : char.ToLowerInvariant(text[0]) + text[1..];
    }
}
