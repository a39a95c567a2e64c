using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Slipway.Core.Config;

/// <summary>
/// Durations as written in <c>slipway.yml</c>: whole numbers with the units <c>h</c>, <c>m</c>, <c>s</c> and <c>ms</c>,
/// largest unit first, each at most once: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, <c>1m30s</c>.
/// </summary>
public static partial class DurationText
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        long ms = 0;
        ms += Part(match, "h") * 3_600_000;
        ms += Part(match, "m") * 60_000;
        ms += Part(match, "s") * 1_000;
        ms += Part(match, "ms");
        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    /// <summary>Formats a duration the way <see cref="TryParse"/> reads it, such as <c>1m30s</c>; sub-millisecond parts are dropped.</summary>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        var ms = (long)value.TotalMilliseconds;
        if (ms == 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        Append(text, ms / 3_600_000, "h");
        Append(text, ms / 60_000 % 60, "m");
        Append(text, ms / 1_000 % 60, "s");
        Append(text, ms % 1_000, "ms");
        return text.ToString();
    }

    private static long Part(Match match, string unit)
    {
        var group = match.Groups[unit];
        return group.Success ? long.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
    }

    private static void Append(StringBuilder text, long amount, string unit)
    {
        if (amount != 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    // Up to 6 digits per part keeps every value far from overflow; the whole match must not be empty.
    [GeneratedRegex(@"^(?=\d)(?:(?<h>\d{1,6})h)?(?:(?<m>\d{1,6})m(?!s))?(?:(?<s>\d{1,6})s)?(?:(?<ms>\d{1,6})ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
