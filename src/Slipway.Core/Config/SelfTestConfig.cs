namespace Slipway.Core.Config;

/// <summary>The <c>selftest:</c> section: what a new instance must answer before it counts as started.</summary>
public sealed record SelfTestConfig
{
    /// <summary>HTTP path that is requested with GET; a 2xx answer is a pass.</summary>
    public string Path { get; init; } = "/selftest";

    /// <summary>How long after start the instance has to answer the self-test with 2xx.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
