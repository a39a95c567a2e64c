using System.Globalization;
using System.Text;

namespace Slipway.Flags.Tests.Conformance;

/// <summary>
/// A small Gherkin reader: Feature, Background, Scenario, Scenario Outline with tagged Examples, steps with data
/// tables, tags and comments. Outlines are expanded into one scenario per Examples row.
/// </summary>
internal static class GherkinParser
{
    private static readonly string[] StepKeywords = ["Given ", "When ", "Then ", "And ", "But ", "* "];

    public static IReadOnlyList<GherkinScenario> Parse(string fileName, string text, Func<IReadOnlyList<string>, bool> include)
    {
        var featureTags = new List<string>();
        var pendingTags = new List<string>();
        var background = new List<GherkinStep>();
        var result = new List<GherkinScenario>();
        ScenarioBuilder? scenario = null;
        ExamplesBuilder? examples = null;
        List<GherkinStep>? steps = null;
        var featureName = fileName;

        void Flush()
        {
            if (scenario is not null)
            {
                result.AddRange(scenario.Expand(fileName, featureName, background, include));
            }

            scenario = null;
            examples = null;
        }

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('@'))
            {
                pendingTags.AddRange(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.StartsWith('@')));
                continue;
            }

            if (line.StartsWith("Feature:", StringComparison.Ordinal))
            {
                featureName = line["Feature:".Length..].Trim();
                featureTags.AddRange(pendingTags);
                pendingTags.Clear();
                continue;
            }

            if (line.StartsWith("Background:", StringComparison.Ordinal))
            {
                Flush();
                steps = background;
                continue;
            }

            if (line.StartsWith("Scenario", StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
            {
                Flush();
                var outline = line.StartsWith("Scenario Outline:", StringComparison.Ordinal) || line.StartsWith("Scenario Template:", StringComparison.Ordinal);
                scenario = new ScenarioBuilder(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), outline, [.. featureTags, .. pendingTags]);
                pendingTags.Clear();
                steps = scenario.Steps;
                continue;
            }

            if (line.StartsWith("Examples:", StringComparison.Ordinal) || line.StartsWith("Scenarios:", StringComparison.Ordinal))
            {
                if (scenario is null)
                {
                    throw new FormatException($"{fileName}: Examples outside a scenario");
                }

                examples = new ExamplesBuilder(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), [.. pendingTags]);
                pendingTags.Clear();
                scenario.Examples.Add(examples);
                steps = null;
                continue;
            }

            if (line.StartsWith('|'))
            {
                var cells = SplitRow(line);
                if (examples is not null)
                {
                    examples.Rows.Add(cells);
                }
                else if (steps is { Count: > 0 })
                {
                    var last = steps[^1];
                    steps[^1] = last with { Table = [.. last.Table, cells] };
                }

                continue;
            }

            var keyword = StepKeywords.FirstOrDefault(k => line.StartsWith(k, StringComparison.Ordinal));
            if (keyword is not null && steps is not null)
            {
                steps.Add(new GherkinStep(keyword.Trim(), line[keyword.Length..].Trim(), []));
            }
        }

        Flush();
        return result;
    }

    private static List<string> SplitRow(string line)
    {
        var cells = new List<string>();
        var current = new StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] is '|' or '\\' or 'n')
            {
                current.Append(line[i + 1] == 'n' ? '\n' : line[i + 1]);
                i++;
            }
            else if (c == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        return cells;
    }

    private sealed class ExamplesBuilder(string name, List<string> tags)
    {
        public string Name { get; } = name;

        public List<string> Tags { get; } = tags;

        public List<List<string>> Rows { get; } = [];
    }

    private sealed class ScenarioBuilder(string name, bool outline, List<string> tags)
    {
        public List<GherkinStep> Steps { get; } = [];

        public List<ExamplesBuilder> Examples { get; } = [];

        public IEnumerable<GherkinScenario> Expand(string fileName, string featureName, IReadOnlyList<GherkinStep> background, Func<IReadOnlyList<string>, bool> include)
        {
            if (!outline)
            {
                if (include(tags))
                {
                    yield return new GherkinScenario($"{fileName}: {name}", $"{featureName}: {name}", tags, [.. background, .. Steps]);
                }

                yield break;
            }

            foreach (var block in Examples)
            {
                List<string> allTags = [.. tags, .. block.Tags];
                if (block.Rows.Count < 2 || !include(allTags))
                {
                    continue;
                }

                var header = block.Rows[0];
                for (var r = 1; r < block.Rows.Count; r++)
                {
                    var row = block.Rows[r];
                    string Substitute(string s)
                    {
                        for (var c = 0; c < header.Count && c < row.Count; c++)
                        {
                            s = s.Replace($"<{header[c]}>", row[c], StringComparison.Ordinal);
                        }

                        return s;
                    }

                    var values = string.Join(", ", header.Select((h, c) => $"{h}={(c < row.Count ? row[c] : string.Empty)}"));
                    var label = block.Name.Length > 0 ? $"{block.Name} " : string.Empty;
                    var id = $"{fileName}: {name} [{label}#{r.ToString(CultureInfo.InvariantCulture)}]";
                    yield return new GherkinScenario(
                        id,
                        $"{featureName}: {name} [{label}{values}]",
                        allTags,
                        [.. background, .. Steps.Select(s => s with { Text = Substitute(s.Text), Table = [.. s.Table.Select(t => (IReadOnlyList<string>)[.. t.Select(Substitute)])] })]);
                }
            }
        }
    }
}
