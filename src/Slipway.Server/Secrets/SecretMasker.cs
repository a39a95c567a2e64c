using Slipway.Core.Sandbox;

namespace Slipway.Server.Secrets;

/// <summary>
/// Replaces every secret value, and its base64 forms, with <c>***</c> in a line of output before it is written to a
/// log, a log tail or the journal. Longest values first, so a secret that contains another is masked whole.
/// </summary>
internal sealed class SecretMasker
{
    public const string Mask = "***";

    /// <summary>Values shorter than this are refused when set: masking "a" would mask every "a" of every log.</summary>
    public const int MinimumLength = SecretNeedles.MinimumLength;

    public static readonly SecretMasker None = new([]);

    private readonly string[] _needles;

    public SecretMasker(IEnumerable<string> values) => _needles = [.. SecretNeedles.For(values)];

    public bool IsEmpty => _needles.Length == 0;

    public string Apply(string text)
    {
        if (_needles.Length == 0 || string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var needle in _needles)
        {
            if (text.Contains(needle, StringComparison.Ordinal))
            {
                text = text.Replace(needle, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
