using System.Globalization;

namespace Slipway.Core.Testing;

/// <summary>The seed of a shuffled test run: a non-negative 31-bit number people can type.</summary>
internal static class TestSeed
{
    public const int MaxValue = int.MaxValue;

    /// <summary>Derives the seed from a commit sha: its first eight hex digits, top bit cleared.</summary>
    public static int FromCommitSha(string commitSha)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commitSha);
        var hex = commitSha.Trim();
        if (hex.Length < 8 || !uint.TryParse(hex.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"'{commitSha}' is not a commit sha (expected at least 8 hex digits).", nameof(commitSha));
        }

        return (int)(value & 0x7FFF_FFFF);
    }

    /// <summary>Parses a seed given by a person or a config file; the error says what is wrong.</summary>
    public static bool TryParse(string? text, out int seed, out string error)
    {
        seed = 0;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The test seed is empty; give a whole number between 0 and 2147483647.";
            return false;
        }

        var trimmed = text.Trim();
        if (!trimmed.All(char.IsAsciiDigit))
        {
            error = $"The test seed '{trimmed}' is not a number; give a whole number between 0 and 2147483647.";
            return false;
        }

        if (!int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
        {
            error = $"The test seed '{trimmed}' is too large; give a whole number between 0 and 2147483647.";
            return false;
        }

        return true;
    }

    public static int Parse(string? text) =>
        TryParse(text, out var seed, out var error) ? seed : throw new FormatException(error);
}
