namespace Hello;

/// <summary>Configuration keys the greeting reads.</summary>
public static class GreetingOptions
{
    /// <summary>The greeting text (appsettings.json: Greeting.Text). The self-test fails when it is missing.</summary>
    public const string TextKey = "Greeting:Text";

    /// <summary>The version being served; Slipway's agent sets the SLIPWAY_VERSION environment variable.</summary>
    public const string VersionKey = "SLIPWAY_VERSION";

    public const string DefaultVersion = "dev";
}
