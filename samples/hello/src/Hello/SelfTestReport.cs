using System.Text.Json.Serialization;

namespace Hello;

/// <summary>The body of GET /selftest: <c>{"status":"pass|fail","version":"...","checks":[...]}</c>.</summary>
public sealed record SelfTestReport(string Status, string Version, IReadOnlyList<SelfTestCheck> Checks)
{
    [JsonIgnore]
    public bool Passed => Status == SelfTestCheck.Pass;
}
