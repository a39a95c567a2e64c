namespace Slipway.Agent.Protocol;

/// <summary>The bounds of <see cref="InstanceStatusV1.OutputTail"/>: the last lines of an instance's output, never more.</summary>
public static class OutputTail
{
    public const int MaxLines = 20;

    public const int MaxBytes = 4096;

    /// <summary>The last <see cref="MaxLines"/> non-empty lines of <paramref name="text"/>, at most <see cref="MaxBytes"/> characters; null when none.</summary>
    public static string? Bound(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).TakeLast(MaxLines);
        var joined = string.Join('\n', lines);
        return joined.Length > MaxBytes ? joined[^MaxBytes..] : joined;
    }
}
