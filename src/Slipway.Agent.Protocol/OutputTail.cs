namespace Slipway.Agent.Protocol;

/// <summary>The bounds of <see cref="InstanceStatusV1.OutputTail"/>: the last lines of an instance's output, never more.</summary>
public static class OutputTail
{
    public const int MaxLines = 20;

    public const int MaxBytes = 4096;

    /// <summary>How much of the end of the output is searched for the exception's first line.</summary>
    public const int SearchBytes = 4 * MaxBytes;

    /// <summary>
    /// The last <see cref="MaxLines"/> non-empty lines of <paramref name="text"/>, at most <see cref="MaxBytes"/> characters;
    /// null when none. A crash's stack trace is longer than that, so when the exception's own line ("Unhandled exception.
    /// System.X: message", or "System.X: message") is further up, it is kept as the first line, then "…", then the end.
    /// </summary>
    public static string? Bound(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        List<string> kept;
        if (lines.Count <= MaxLines)
        {
            kept = lines;
        }
        else
        {
            var inTail = lines.FindIndex(lines.Count - MaxLines, IsExceptionLine) >= 0;
            var header = inTail ? -1 : lines.FindLastIndex(lines.Count - MaxLines - 1, IsExceptionLine);
            kept = header >= 0
                ? [Cut(lines[header]), "…", .. lines.TakeLast(MaxLines - 2)]
                : lines.TakeLast(MaxLines).ToList();
        }

        var joined = string.Join('\n', kept);
        return joined.Length > MaxBytes ? joined[^MaxBytes..] : joined;
    }

    private static bool IsExceptionLine(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("at ", StringComparison.Ordinal))
        {
            return false;
        }

        if (trimmed.StartsWith("Unhandled exception.", StringComparison.Ordinal))
        {
            return true;
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && trimmed[..colon].EndsWith("Exception", StringComparison.Ordinal) && !trimmed[..colon].Contains(' ', StringComparison.Ordinal);
    }

    private static string Cut(string line) => line.Length > 1000 ? line[..1000] + "…" : line;
}
