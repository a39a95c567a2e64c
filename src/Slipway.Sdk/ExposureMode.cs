namespace Slipway.Sdk;

public enum ExposureMode
{
    /// <summary>Only flags whose metadata has <c>"experiment": true</c>.</summary>
    Experiments,

    /// <summary>Every evaluation that resolved a variant.</summary>
    All,

    None,
}
