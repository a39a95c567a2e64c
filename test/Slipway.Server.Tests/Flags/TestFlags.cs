namespace Slipway.Server.Tests.Flags;

/// <summary>Flag definitions the server tests use (flagd format).</summary>
internal static class TestFlags
{
    public const string Off = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""";

    public static string Split(int onPercent) =>
        $$$"""{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off","targeting":{"fractional":[["on",{{{onPercent}}}],["off",{{{100 - onPercent}}}]]}}""";

    public const string Color = """{"state":"ENABLED","variants":{"red":"#f00","blue":"#00f"},"defaultVariant":"red","targeting":{"if":[{"==":[{"var":"plan"},"pro"]},"blue",null]},"metadata":{"owner":"web"}}""";

    public const string Limit = """{"state":"ENABLED","variants":{"low":10,"high":100},"defaultVariant":"low"}""";

    public const string Disabled = """{"state":"DISABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}""";

    public const string Experiment = """{"state":"ENABLED","variants":{"control":"Buy","treatment":"Buy now"},"defaultVariant":"control","targeting":{"fractional":[["control",50],["treatment",50]]},"metadata":{"experiment":true,"goal":"purchase"}}""";

    public const string UnknownOperator = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off","targeting":{"if":[{"sounds_like":[{"var":"name"},"bob"]},"on","off"]}}""";
}
