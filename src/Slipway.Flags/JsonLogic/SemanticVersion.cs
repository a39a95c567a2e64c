using System.Globalization;

namespace Slipway.Flags.JsonLogic;

/// <summary>
/// A semantic version as flagd reads it: an optional v/V prefix, one to three numeric parts (missing ones are 0),
/// an optional prerelease, build metadata ignored.
/// </summary>
internal readonly struct SemanticVersion : IComparable<SemanticVersion>
{
    private SemanticVersion(long major, long minor, long patch, string[] prerelease)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
    }

    public long Major { get; }

    public long Minor { get; }

    public long Patch { get; }

    public string[] Prerelease { get; }

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span[0] is 'v' or 'V')
        {
            span = span[1..];
        }

        var plus = span.IndexOf('+');
        if (plus >= 0)
        {
            if (plus == span.Length - 1)
            {
                return false;
            }

            span = span[..plus];
        }

        string[] prerelease = [];
        var dash = span.IndexOf('-');
        if (dash >= 0)
        {
            var pre = span[(dash + 1)..].ToString();
            if (pre.Length == 0)
            {
                return false;
            }

            prerelease = pre.Split('.');
            foreach (var identifier in prerelease)
            {
                if (identifier.Length == 0 || !identifier.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }

            span = span[..dash];
        }

        Span<long> parts = stackalloc long[3];
        parts.Clear(); // Missing parts are 0, and the module skips zero-initialisation.
        var count = 0;
        foreach (var range in span.Split('.'))
        {
            if (count == 3)
            {
                return false;
            }

            var part = span[range];
            if (part.Length == 0 || !long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            parts[count++] = number;
        }

        if (count == 0)
        {
            return false;
        }

        version = new SemanticVersion(parts[0], parts[1], parts[2], prerelease);
        return true;
    }

    public int CompareTo(SemanticVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        return c != 0 ? c : ComparePrerelease(Prerelease ?? [], other.Prerelease ?? []);
    }

    private static int ComparePrerelease(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            // A release sorts above any prerelease of the same version.
            return b.Length.CompareTo(a.Length);
        }

        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var an);
            var bNumeric = long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var bn);
            int c;
            if (aNumeric && bNumeric)
            {
                c = an.CompareTo(bn);
            }
            else if (aNumeric != bNumeric)
            {
                c = aNumeric ? -1 : 1;
            }
            else
            {
                c = string.CompareOrdinal(a[i], b[i]);
            }

            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
