using System.Text.Json.Serialization;

namespace Hello;

/// <summary>One named check of the self-test, with what it found.</summary>
public sealed record SelfTestCheck(string Name, string Status, string Detail)
{
    public const string Pass = "pass";
    public const string Fail = "fail";

    [JsonIgnore]
    public bool Passed => Status == Pass;
}
