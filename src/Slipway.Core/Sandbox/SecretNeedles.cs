using System.Text;

namespace Slipway.Core.Sandbox;

/// <summary>
/// The strings that give a secret away in output: each value, its base64 form (with and without padding, and with the
/// newline that <c>echo | base64</c> adds). Longest first, so a secret that contains another is masked whole.
/// </summary>
public static class SecretNeedles
{
    /// <summary>Values shorter than this are refused when set: masking "a" would mask every "a" of every log.</summary>
    public const int MinimumLength = 4;

    public static IReadOnlyList<string> For(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var needles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Where(v => v.Length >= MinimumLength))
        {
            needles.Add(value);
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
            needles.Add(base64);
            needles.Add(base64.TrimEnd('='));
            needles.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(value + "\n")).TrimEnd('='));
        }

        return [.. needles.Where(n => n.Length >= MinimumLength).OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)];
    }
}
