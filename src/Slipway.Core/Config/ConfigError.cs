namespace Slipway.Core.Config;

/// <summary>
/// One problem in a config file. <paramref name="Line"/> and <paramref name="Column"/> are 1-based;
/// <paramref name="Field"/> is the dotted path of the key (such as <c>selftest.timeout</c> or <c>checks[1].kind</c>),
/// empty for a YAML syntax error.
/// </summary>
public sealed record ConfigError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary>Formats as <c>slipway.yml:12:3: selftest.timeout: message</c> (the field part is left out when empty).</summary>
    public override string ToString() =>
        Field.Length == 0
            ? $"{File}:{Line}:{Column}: {Message}"
            : $"{File}:{Line}:{Column}: {Field}: {Message}";
}
