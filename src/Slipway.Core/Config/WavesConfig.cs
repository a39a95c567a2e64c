namespace Slipway.Core.Config;

/// <summary>The <c>waves:</c> key: how a rollout splits the instances into waves.</summary>
public sealed record WavesConfig
{
    public static WavesConfig Exponential { get; } = new() { Mode = WaveMode.Exponential };

    public WaveMode Mode { get; init; } = WaveMode.Exponential;

    /// <summary>The wave sizes listed in the file when <see cref="Mode"/> is <see cref="WaveMode.Explicit"/>; empty otherwise.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [];

    public static WavesConfig Explicit(params IReadOnlyList<int> sizes) => new() { Mode = WaveMode.Explicit, Sizes = [.. sizes] };

    /// <summary>
    /// Wave sizes for <paramref name="instances"/> instances. They always add up to <paramref name="instances"/>:
    /// exponential waves are 1, 2, 4 … with the last one cut short; explicit sizes are taken in order,
    /// the last one cut short if they add up to more, and one more wave takes the rest if they add up to less.
    /// </summary>
    public IReadOnlyList<int> Plan(int instances)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(instances);
        var plan = new List<int>();
        var remaining = instances;
        var index = 0;
        while (remaining > 0)
        {
            int next;
            if (Mode == WaveMode.Exponential)
            {
                next = index < 30 ? 1 << index : int.MaxValue;
            }
            else
            {
                next = index < Sizes.Count ? Sizes[index] : remaining;
            }

            next = Math.Clamp(next, 1, remaining);
            plan.Add(next);
            remaining -= next;
            index++;
        }

        return plan;
    }
}
