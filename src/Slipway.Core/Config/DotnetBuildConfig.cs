namespace Slipway.Core.Config;

/// <summary>
/// <c>build: { dotnet: src/App/App.csproj }</c>: Slipway's own build for .NET. One MSBuild run builds the project and
/// every <c>tests.projects</c> test project, and publishes the project into <c>artifact</c>; the test stage then runs
/// those builds without building again. The restore is skipped when the warm workspace's last successful build restored
/// the same projects and no project file changed since (see docs/configuration.md).
/// </summary>
public sealed record DotnetBuildConfig
{
    public const string DefaultConfiguration = "Release";

    /// <summary>The project published as the artifact, relative to the repository.</summary>
    public required string Project { get; init; }

    /// <summary>The MSBuild configuration of the build and the publish; <see cref="DefaultConfiguration"/> by default.</summary>
    public string Configuration { get; init; } = DefaultConfiguration;

    /// <summary><c>runtime: host</c>: the runtime identifier that <see cref="Runtime"/> takes from the server's own machine.</summary>
    public const string HostRuntime = "host";

    /// <summary>
    /// The runtime identifier to build and publish for (<c>linux-x64</c>, or <see cref="HostRuntime"/>), framework-dependent
    /// still; null for a portable build. The artifact then holds only that platform's native files: 2 MB instead of 34 MB
    /// for the sample, whose SQLite package ships natives for 22 platforms.
    /// </summary>
    public string? Runtime { get; init; }
}
