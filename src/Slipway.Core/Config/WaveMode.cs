namespace Slipway.Core.Config;

public enum WaveMode
{
    /// <summary>1, 2, 4, 8 … instances, the last wave cut short.</summary>
    Exponential,

    /// <summary>The sizes listed in <see cref="WavesConfig.Sizes"/>.</summary>
    Explicit,
}
