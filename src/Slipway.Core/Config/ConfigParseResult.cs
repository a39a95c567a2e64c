using System.Diagnostics.CodeAnalysis;

namespace Slipway.Core.Config;

/// <summary>Either a valid <see cref="ServiceConfig"/> or a non-empty list of <see cref="ConfigError"/>s, in file order.</summary>
public sealed class ConfigParseResult
{
    private ConfigParseResult(ServiceConfig? config, IReadOnlyList<ConfigError> errors)
    {
        Config = config;
        Errors = errors;
    }

    public ServiceConfig? Config { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool Success => Config is not null;

    public static ConfigParseResult Valid(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(config, []);
    }

    public static ConfigParseResult Invalid(IReadOnlyList<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("An invalid result needs at least one error.", nameof(errors));
        }

        return new(null, [.. errors]);
    }

    /// <summary>All errors, one per line, each as <c>file:line:column: field: message</c>.</summary>
    public string FormatErrors() => string.Join('\n', Errors);
}
