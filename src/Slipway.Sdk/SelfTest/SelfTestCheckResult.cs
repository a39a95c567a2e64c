namespace Slipway.Sdk.SelfTest;

/// <summary>The outcome of one self-test check.</summary>
public sealed record SelfTestCheckResult(bool Passed, string? Detail = null)
{
    public static SelfTestCheckResult Pass(string? detail = null) => new(true, detail);

    public static SelfTestCheckResult Fail(string detail) => new(false, detail);
}
