using Slipway.Core.Config;

namespace Slipway.Core.Tests.Config;

/// <summary><c>build: { dotnet: project }</c>: Slipway's own .NET build in place of shell commands.</summary>
public sealed class DotnetBuildConfigTests
{
    private const string Rest = """
        artifact: out
        run: dotnet App.dll --urls http://127.0.0.1:$PORT
        """;

    [Fact]
    public void Build_dotnet_names_the_project_to_publish_runs_no_shell_command_and_builds_release_by_default()
    {
        var config = ConfigAssert.Valid("build:\n  dotnet: src/App/App.csproj\n" + Rest);

        Assert.Empty(config.Build);
        Assert.Equal(new DotnetBuildConfig { Project = "src/App/App.csproj", Configuration = "Release" }, config.Dotnet);
    }

    [Fact]
    public void Build_dotnet_takes_a_configuration()
    {
        var config = ConfigAssert.Valid("build: { dotnet: App.fsproj, configuration: Debug }\n" + Rest);

        Assert.Equal("Debug", config.Dotnet!.Configuration);
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("linux-musl-arm64")]
    [InlineData("host")]
    public void Build_dotnet_takes_a_runtime_identifier_or_host(string runtime)
    {
        var config = ConfigAssert.Valid($"build: {{ dotnet: App.csproj, runtime: {runtime} }}\n" + Rest);

        Assert.Equal(runtime, config.Dotnet!.Runtime);
    }

    [Fact]
    public void Without_a_runtime_the_build_is_portable()
    {
        Assert.Null(ConfigAssert.Valid("build: { dotnet: App.csproj }\n" + Rest).Dotnet!.Runtime);
    }

    [Fact]
    public void Shell_commands_have_no_dotnet_build()
    {
        Assert.Null(ConfigAssert.Valid(ConfigAssert.Minimal).Dotnet);
    }

    [Theory]
    [InlineData("build: { dotnet: src/App }", "build.dotnet", 1, "expected a project file (.csproj, .fsproj or .vbproj), got \"src/App\"")]
    [InlineData("build: { dotnet: /src/App/App.csproj }", "build.dotnet", 1, "must be a path relative to the repository")]
    [InlineData("build: { dotnet: ../App/App.csproj }", "build.dotnet", 1, "must stay inside the repository")]
    [InlineData("build: { configuration: Release }", "build.dotnet", 1, "")]
    [InlineData("build: { dotnet: App.csproj, configuration: \"Re lease\" }", "build.configuration", 1, "expected a configuration name")]
    [InlineData("build:\n  dotnet: App.csproj\n  publish: yes", "build.publish", 3, "")]
    [InlineData("build: { dotnet: App.csproj, runtime: \"linux x64\" }", "build.runtime", 1, "expected a runtime identifier such as linux-x64")]
    [InlineData("build: { dotnet: App.csproj, runtime: Linux-X64 }", "build.runtime", 1, "expected a runtime identifier such as linux-x64")]
    [InlineData("build: { dotnet: App.csproj, runtime: \"linux-x64;SelfContained=true\" }", "build.runtime", 1, "expected a runtime identifier")]
    public void A_bad_dotnet_build_is_an_error_naming_its_line_and_field(string build, string field, int line, string message)
    {
        var error = Assert.Single(ConfigAssert.Invalid(build + "\n" + Rest));

        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
