using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Slipway.Cli;

/// <summary>Options that several verbs share, and typed options whose parse errors read like the rest of the CLI.</summary>
internal static class CliOptions
{
    public const string DefaultServer = "http://127.0.0.1:7400";

    /// <summary><c>--server URL</c>: the server a client verb talks to; default $SLIPWAY_SERVER, else <see cref="DefaultServer"/>.</summary>
    public static Option<Uri> Server(bool required = false)
    {
        var option = new Option<Uri>("--server")
        {
            Description = required ? "the Slipway server to follow" : "the Slipway server (the default comes from $SLIPWAY_SERVER)",
            HelpName = "URL",
            Required = required,
            CustomParser = r => ServerUrl(r, r.Tokens.Count > 0 ? r.Tokens[0].Value : DefaultServer),
        };
        if (!required)
        {
            option.DefaultValueFactory = r => ServerUrl(r, Environment.GetEnvironmentVariable("SLIPWAY_SERVER") is { Length: > 0 } env ? env : DefaultServer);
        }

        return option;
    }

    /// <summary>A <c>--name N</c> option holding a whole number, optionally at least <paramref name="minimum"/>.</summary>
    public static Option<int?> Int(string name, string description, string helpName = "N", int? minimum = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                r.AddError($"{name} must be a whole number, not '{text}'.");
                return null;
            }

            if (value < minimum)
            {
                r.AddError($"{name} must be at least {minimum.Value.ToString(CultureInfo.InvariantCulture)}, not {text}.");
                return null;
            }

            return value;
        },
    };

    /// <summary>A <c>--name X</c> option holding a number.</summary>
    public static Option<double?> Double(string name, string description, string helpName = "N") => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            r.AddError($"{name} must be a number, not '{text}'.");
            return null;
        },
    };

    /// <summary>A <c>--name VALUE</c> option holding text.</summary>
    public static Option<string?> Text(string name, string description, string helpName) => new(name) { Description = description, HelpName = helpName };

    /// <summary>A <c>--name</c> switch.</summary>
    public static Option<bool> Switch(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    private static Uri ServerUrl(ArgumentResult result, string text)
    {
        if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"'{text}' is not a server URL.");
        return new Uri(DefaultServer + "/");
    }
}
