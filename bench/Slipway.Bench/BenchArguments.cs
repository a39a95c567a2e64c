using System.Globalization;

namespace Slipway.Bench;

/// <summary>The bench's options: "--name value" pairs and "--flag" switches after the sub-command.</summary>
internal sealed class BenchArguments(IReadOnlyList<string> args)
{
    public string? Get(string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    public int Int(string name, int fallback) =>
        Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        Get(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public bool Has(string name) => args.Contains(name);
}
