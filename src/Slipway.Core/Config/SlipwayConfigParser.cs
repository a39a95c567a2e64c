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
        // Past the size limit only the part up to it is read: enough to say where the limit was passed.
        var sizeLimitIndex = SizeLimitIndex(yamlText);
        var text = sizeLimitIndex < 0 ? yamlText : yamlText[..(int)Math.Min(yamlText.Length, sizeLimitIndex + 2)];
        var parser = new LimitedParser(new Parser(new StringReader(text)), sizeLimitIndex);
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
            if (sizeLimitIndex >= 0)
            {
                throw parser.TooLarge(parser.Current?.End ?? Mark.Empty);
            }
        }
        catch (ConfigLimitException e)
        {
            reader.Error(e.At, e.Field, e.Message);
            return null;
        }
        catch (YamlException e) when (sizeLimitIndex >= 0)
        {
            var tooLarge = parser.TooLarge(e.Start);
            reader.Error(tooLarge.At, tooLarge.Field, tooLarge.Message);
            return null;
        }
        catch (YamlException e)
        {
            reader.Error(e.Start, "", "invalid YAML: " + Sentence(e.Message));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner throws plain exceptions on a few malformed inputs (an unclosed [ list, for one).
            var at = parser.Current?.Start ?? Mark.Empty;
            reader.Error(at, "", sizeLimitIndex >= 0 ? parser.TooLarge(at).Message : "invalid YAML syntax (an unclosed bracket or quote?)");
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

    /// <summary>The index of the first character past <see cref="ConfigLimits.MaxFileBytes"/> in UTF-8, or -1 if the text fits.</summary>
    private static long SizeLimitIndex(string text)
    {
        if ((long)text.Length * 3 <= ConfigLimits.MaxFileBytes)
        {
            return -1;
        }

        long bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            // A surrogate pair is four bytes, two per half.
            bytes += text[i] switch { < '\u0080' => 1, < '\u0800' => 2, _ when char.IsSurrogate(text[i]) => 2, _ => 3 };
            if (bytes > ConfigLimits.MaxFileBytes)
            {
                return i;
            }
        }

        return -1;
    }

    // "While parsing a block mapping, did not find expected key." -> "while parsing a block mapping, did not find expected key"
    private static string Sentence(string message)
    {
        var text = message.Trim().TrimEnd('.');
        return text.Length == 0 ? "syntax error" : char.ToLowerInvariant(text[0]) + text[1..];
    }
}
