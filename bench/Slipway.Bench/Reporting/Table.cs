using System.Text;

namespace Slipway.Bench.Reporting;

/// <summary>Prints a Markdown table that can be pasted into docs/benchmarks.md as it is.</summary>
internal static class Table
{
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Join("|", header.Select((_, i) => i == 0 ? "---" : "---:")) + "|");
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }

    public static string Figures(IEnumerable<Figure> figures) => Render(
        ["Benchmark", "Figure", "Target", "Measured", "Met"],
        figures.Select(f => (IReadOnlyList<string>)[f.Bench, f.Name, f.Target, f.Measured, f.Met switch { true => "yes", false => "**no**", null => "–" }]));
}
