using System.Text.RegularExpressions;
using Slipway.TestKit;

namespace Slipway.Cli.Tests.Glossary;

/// <summary>docs/glossary.md, read as data: the things with their id formats and avoided words, and the words of each field.</summary>
internal sealed partial class Glossary
{
    private Glossary(Dictionary<string, (string Format, string[] Not)> things, Dictionary<string, HashSet<string>> fields)
    {
        Things = things;
        Fields = fields;
    }

    /// <summary>"run" → ("{service}-{n}", ["job", ...]).</summary>
    public Dictionary<string, (string Format, string[] Not)> Things { get; }

    /// <summary>"run.status" → {"queued", ...}; "trigger" → {"push", ...}.</summary>
    public Dictionary<string, HashSet<string>> Fields { get; }

    public IEnumerable<string> AvoidedWords => Things.Values.SelectMany(t => t.Not);

    public static Glossary Load()
    {
        var lines = File.ReadAllLines(Path.Combine(HelloSample.RepositoryRoot(), "docs", "glossary.md"));
        var things = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
        var fields = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var section = string.Empty;
        foreach (var line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                continue;
            }

            if (!line.StartsWith('|') || line.StartsWith("|--", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (section == "Things and their ids" && cells.Length == 5 && cells[0] != "Word")
            {
                var not = cells[4].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                things[cells[0]] = (cells[2].Trim('`'), not);
            }
            else if (section is "Status words" or "Trigger words" && cells.Length == 2 && cells[0] != "Field")
            {
                fields[cells[0]] = [.. Backticked().Matches(cells[1]).Select(m => m.Groups[1].Value)];
            }
        }

        return new Glossary(things, fields);
    }

    /// <summary>The id format of a thing as a regex: {service} a service name, {n} a number, {sha7} a short sha.</summary>
    public Regex IdPattern(string thing)
    {
        var format = Things[thing].Format;
        var pattern = Regex.Escape(format)
            .Replace(@"\{rollout}", Things["rollout"].Format.Replace("{service}", "SERVICE", StringComparison.Ordinal).Replace("{n}", "N", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace(@"\{service}", "SERVICE", StringComparison.Ordinal)
            .Replace(@"\{name}", "SERVICE", StringComparison.Ordinal)
            .Replace("{service}", "SERVICE", StringComparison.Ordinal)
            .Replace(@"\{n}", "N", StringComparison.Ordinal)
            .Replace("{n}", "N", StringComparison.Ordinal)
            .Replace(@"\{sha7}", "[0-9a-f]{7}", StringComparison.Ordinal)
            .Replace("SERVICE", "[a-z0-9][a-z0-9-]*", StringComparison.Ordinal)
            .Replace("N", @"\d+", StringComparison.Ordinal);
        return new Regex($"^{pattern}$", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
