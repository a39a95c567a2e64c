namespace Slipway.Core.Config;

/// <summary>The <c>timeouts:</c> section: how long each pipeline step may run.</summary>
public sealed record StepTimeouts
{
    public TimeSpan Build { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan Test { get; init; } = TimeSpan.FromMinutes(10);
}
