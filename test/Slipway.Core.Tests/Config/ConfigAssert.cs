using Slipway.Core.Config;

namespace Slipway.Core.Tests.Config;

internal static class ConfigAssert
{
    public const string Minimal = """
        build: make
        artifact: out
        run: ./app --port $PORT
        """;

    public static ServiceConfig Valid(string yaml)
    {
        var result = SlipwayConfigParser.Parse(yaml, "slipway.yml");
        Assert.True(result.Success, "expected a valid config, got:\n" + result.FormatErrors());
        Assert.Empty(result.Errors);
        return result.Config;
    }

    public static IReadOnlyList<ConfigError> Invalid(string yaml)
    {
        var result = SlipwayConfigParser.Parse(yaml, "slipway.yml");
        Assert.False(result.Success, "expected errors, but the config was valid");
        Assert.Null(result.Config);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    /// <summary>Minimal valid config plus <paramref name="extra"/>, which must yield exactly one error.</summary>
    public static ConfigError SingleError(string extra)
    {
        var errors = Invalid(Minimal + "\n" + extra);
        return Assert.Single(errors);
    }
}
