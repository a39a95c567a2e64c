using System.Globalization;

namespace Slipway.Cli;

/// <summary>A small, strict argument reader: `--name value` options, `--flag` switches, and positionals. Unknown options are errors.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    public Arguments(string[] args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> switches)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                _positionals.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? inline = null;
            if (name.Contains('=', StringComparison.Ordinal))
            {
                inline = name[(name.IndexOf('=', StringComparison.Ordinal) + 1)..];
                name = name[..name.IndexOf('=', StringComparison.Ordinal)];
            }

            if (switches.Contains(name))
            {
                _options[name] = "true";
            }
            else if (valueOptions.Contains(name))
            {
                if (inline is null && i + 1 >= args.Length)
                {
                    throw new UsageException($"--{name} needs a value.");
                }

                _options[name] = inline ?? args[++i];
            }
            else
            {
                throw new UsageException($"unknown option --{name}.");
            }
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Positional(int index, string what) =>
        index < _positionals.Count ? _positionals[index] : throw new UsageException($"missing {what}.");

    public int? Int(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"--{name} must be a whole number, not '{text}'.");
    }

    public double? Double(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"--{name} must be a number, not '{text}'.");
    }

    public Uri ServerUrl()
    {
        var text = Get("server") ?? Environment.GetEnvironmentVariable("SLIPWAY_SERVER") ?? "http://127.0.0.1:7400";
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri))
        {
            throw new UsageException($"'{text}' is not a server URL.");
        }

        return uri;
    }
}
