using System.Text.RegularExpressions;
using Slipway.Core.Journal;
using Slipway.Core.Testing;
using Slipway.Server.Testing;

namespace Slipway.Server.Pipelines;

/// <summary>
/// The failing tests of a failed test step, by name with the first lines of each message, bounded: from the test
/// stage's results, or read from the output of a plain <c>test:</c> command (dotnet test with VSTest or
/// Microsoft.Testing.Platform, the xunit runner).
/// </summary>
internal static partial class FailedTests
{
    public const int MaxTests = 20;

    public const int MaxMessageLines = 5;

    public const int MaxLineLength = 300;

    /// <summary>How much of the end of a test log is read for failures.</summary>
    public const int MaxLogBytes = 1024 * 1024;

    public static IReadOnlyList<FailedTestRecord> FromStage(TestStageResult result, IReadOnlyCollection<string> quarantined) =>
        result.Tests
            .Where(t => FailureTriage.IsFailure(t.Outcome) && !quarantined.Contains(t.Name.FullName))
            .Take(MaxTests)
            .Select(t => new FailedTestRecord(t.Name.FullName, FirstLines(t.Message ?? TestStageRecords.Outcome(t.Outcome))))
            .ToList();

    /// <summary>The failures a test command printed, from the end of its log file; empty when none is recognised.</summary>
    public static IReadOnlyList<FailedTestRecord> FromLog(string path)
    {
        string text;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var start = Math.Max(0, file.Length - MaxLogBytes);
            file.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            text = reader.ReadToEnd();
        }
        catch (IOException)
        {
            return [];
        }

        return FromOutput(text);
    }

    public static IReadOnlyList<FailedTestRecord> FromOutput(string output)
    {
        var failures = new List<FailedTestRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = Ansi().Replace(output, string.Empty).ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length && failures.Count < MaxTests; i++)
        {
            var match = FailureLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var name = match.Groups["name"].Value.Trim();
            var message = new List<string>();
            for (var j = i + 1; j < lines.Length && message.Count < MaxMessageLines; j++)
            {
                var line = lines[j].Trim();
                if (FailureLine().IsMatch(lines[j]) || line.StartsWith("Stack Trace:", StringComparison.Ordinal) || line.StartsWith("at ", StringComparison.Ordinal)
                    || line.StartsWith("Standard Output", StringComparison.Ordinal) || (line.Length == 0 && message.Count > 0))
                {
                    break;
                }

                if (line.Length == 0 || line is "Error Message:" or "Error message:")
                {
                    continue;
                }

                message.Add(line);
            }

            if (seen.Add(name))
            {
                failures.Add(new FailedTestRecord(name, FirstLines(string.Join('\n', message))));
            }
        }

        return failures;
    }

    private static string FirstLines(string message)
    {
        var lines = message.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Take(MaxMessageLines)
            .Select(l => l.Length > MaxLineLength ? l[..MaxLineLength] + "…" : l);
        return string.Join('\n', lines);
    }

    /// <summary>
    /// "  Failed Ns.Class.Method [12 ms]" (VSTest), "failed Ns.Class.Method (12ms)" (Microsoft.Testing.Platform),
    /// "    Ns.Class.Method [FAIL]" (xunit v3's in-process runner), "[FAIL] Ns.Class.Method" (older xunit runners).
    /// </summary>
    [GeneratedRegex(@"^\s*(?:(?:Failed|failed)\s+(?<name>[^\s\[\(]+(?:\([^\)]*\))?)\s+[\[\(]\s*\d[^\]\)]*[\]\)]|\[FAIL\]\s+(?<name>\S.*?)|(?<name>[^\s\[\(]+(?:\([^\)]*\))?)\s+\[FAIL\])\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex FailureLine();

    /// <summary>Colour codes, which test runners write even into a log file.</summary>
    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]", RegexOptions.CultureInvariant)]
    private static partial Regex Ansi();
}
