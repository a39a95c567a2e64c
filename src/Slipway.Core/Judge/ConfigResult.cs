namespace Slipway.Core.Judge;

/// <summary>A value built from configuration, or the errors that stopped it.</summary>
public sealed record ConfigResult<T>(T? Value, IReadOnlyList<ConfigError> Errors)
    where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;
}
