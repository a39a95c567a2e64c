using Microsoft.Extensions.Configuration;

namespace Hello.Tests;

/// <summary>
/// Configuration for tests, keyed by the constants the code reads. The tests never depend on appsettings.json:
/// whether the deployed settings match the code is what the self-test checks on each new instance.
/// </summary>
internal static class TestConfig
{
    public static Dictionary<string, string?> Settings(string? text = "Hi", string? version = "v7") => new()
    {
        [GreetingOptions.TextKey] = text,
        [GreetingOptions.VersionKey] = version,
    };

    public static IConfiguration Build(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
