namespace Slipway.Core.Tests.Config;

/// <summary><c>build_secrets</c>: the secrets a build may read, none by default, each an environment variable name.</summary>
public sealed class BuildSecretsConfigTests
{
    [Fact]
    public void A_build_gets_no_secret_unless_slipway_yml_names_it()
    {
        Assert.Empty(ConfigAssert.Valid(ConfigAssert.Minimal).BuildSecrets);
    }

    [Fact]
    public void Build_secrets_lists_names_in_order()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nbuild_secrets: [NUGET_API_KEY, npm_token]\n");

        Assert.Equal(["NUGET_API_KEY", "npm_token"], config.BuildSecrets);
    }

    [Fact]
    public void A_build_secret_that_is_not_a_variable_name_is_an_error_naming_its_line_and_field()
    {
        var error = ConfigAssert.SingleError("build_secrets: [GOOD, not-a-name]");

        Assert.Equal("build_secrets[1]", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains("not-a-name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_secrets_must_be_a_list()
    {
        var error = ConfigAssert.SingleError("build_secrets: API_TOKEN");

        Assert.Equal("build_secrets", error.Field);
    }
}
