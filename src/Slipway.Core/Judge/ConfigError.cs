namespace Slipway.Core.Judge;

/// <summary>A validation error for one field, named as in <c>slipway.yml</c> (e.g. <c>checks[1].min_effect</c>). The config parser adds file and line.</summary>
public sealed record ConfigError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
