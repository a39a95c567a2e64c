using YamlDotNet.Core;

namespace Slipway.Core.Config;

/// <summary>A limit of <see cref="ConfigLimits"/> was passed at <see cref="At"/>, in <see cref="Field"/>.</summary>
internal sealed class ConfigLimitException(Mark at, string field, string message) : Exception(message)
{
    public Mark At { get; } = at;

    public string Field { get; } = field;
}
