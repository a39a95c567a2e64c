namespace Slipway.Sdk.SelfTest;

/// <summary>The self-test response: <c>{"status":"pass|fail","checks":[...]}</c>; 200 when it passes, 503 when not.</summary>
public sealed record SelfTestReport(string Status, IReadOnlyList<SelfTestCheckReport> Checks)
{
    public const string Pass = "pass";

    public const string Fail = "fail";

    public bool Passed => Status == Pass;
}
