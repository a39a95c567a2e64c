using System.Text.RegularExpressions;

namespace Slipway.Server.Api;

/// <summary>
/// How large an API request and each of its strings may be. A request past one is a 4xx problem, so that no input can
/// make git, the journal or the server's memory fail.
/// </summary>
internal static partial class ApiLimits
{
    /// <summary>The largest request body (Kestrel's limit for every endpoint), 1 MiB.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// The largest flagd import (<c>PUT /api/services/{service}/flagd</c>), 4 MiB: above the flag library's own
    /// document limit, so that a document a little too large gets the library's error, which names the limit.
    /// </summary>
    public const long MaxFlagImportBodyBytes = 4 * 1024 * 1024;

    /// <summary>The longest commit id or ref in a deploy and the longest branch.</summary>
    public const int MaxRefLength = 256;

    /// <summary>The longest repository (a path or a URL).</summary>
    public const int MaxRepositoryLength = 2048;

    /// <summary>The longest host name an agent reports (a DNS name).</summary>
    public const int MaxHostLength = 253;

    /// <summary>The longest instance id, variant, targeting key or event name.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The most instances one agent report names.</summary>
    public const int MaxInstancesPerReport = 10_000;

    /// <summary>
    /// A commit id or ref git can take as one revision: letters, digits and <c>. _ / - ~ ^ @</c>, at most
    /// <see cref="MaxRefLength"/> characters, not starting with <c>-</c> (an option to git) and without <c>..</c> (a range).
    /// Throws a 400 problem naming <paramref name="field"/> otherwise.
    /// </summary>
    public static string Ref(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SlipwayProblemException(400, $"Missing {field}", $"{field} is required.");
        }

        if (value.Length > MaxRefLength)
        {
            throw new SlipwayProblemException(400, $"Invalid {field}", $"{field} is {value.Length} characters long; a commit id or ref has at most {MaxRefLength}.");
        }

        if (!RefText().IsMatch(value) || value.Contains("..", StringComparison.Ordinal))
        {
            throw new SlipwayProblemException(400, $"Invalid {field}", $"'{Shorten(value)}' is not a commit id or ref: use letters, digits and . _ / - ~ ^ @, not starting with - and without '..'.");
        }

        return value;
    }

    /// <summary>Throws a 400 problem naming <paramref name="field"/> when <paramref name="value"/> is longer than <paramref name="max"/>.</summary>
    public static void Length(string? value, int max, string field)
    {
        if (value is not null && value.Length > max)
        {
            throw new SlipwayProblemException(400, $"Invalid {field}", $"{field} is {value.Length} characters long; at most {max} are allowed.");
        }
    }

    public const int MaxReasonLength = 500;

    /// <summary>A person's reason for an action: trimmed, null when blank, a 400 past <see cref="MaxReasonLength"/> characters.</summary>
    public static string? Reason(string? reason)
    {
        Length(reason, MaxReasonLength, "reason");
        return string.IsNullOrWhiteSpace(reason) ? null : reason.Trim().ReplaceLineEndings(" ");
    }

    /// <summary>Shortens <paramref name="text"/> for an error message, so that a huge input is never echoed back whole.</summary>
    public static string Shorten(string text) => text.Length > 80 ? string.Concat(text.AsSpan(0, 77), "...") : text;

    [GeneratedRegex("^[A-Za-z0-9_./~^@][A-Za-z0-9_./~^@-]*$")]
    private static partial Regex RefText();
}
