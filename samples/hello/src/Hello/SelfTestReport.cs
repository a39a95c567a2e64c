namespace Hello;

public sealed record SelfTestCheck(string Name, string Status, string Detail)
{
    public const string Pass = "pass";
    public const string Fail = "fail";

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Passed => Status == Pass;
}

/// <summary>The body of GET /selftest: <c>{"status":"pass|fail","version":"...","checks":[...]}</c>.</summary>
public sealed record SelfTestReport(string Status, string Version, IReadOnlyList<SelfTestCheck> Checks)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Passed => Status == SelfTestCheck.Pass;
}
