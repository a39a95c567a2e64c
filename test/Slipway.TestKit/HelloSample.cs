using Slipway.Cli.Demo;

namespace Slipway.TestKit;

/// <summary>
/// The sample service (samples/hello), published once per test assembly. Each pipeline in a test then only copies
/// the published output, so a commit-to-production run takes seconds instead of a build.
/// </summary>
public static class HelloSample
{
    /// <summary>Finds the repository root (the folder with Slipway.slnx) above the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Slipway.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Slipway.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// Copies samples/hello into <paramref name="folder"/> (so that concurrent test assemblies never share its bin and obj)
    /// and publishes it; returns the folder with Hello.dll.
    /// </summary>
    public static async Task<string> PublishAsync(string folder, CancellationToken cancellationToken)
    {
        var source = Path.Combine(folder, "source");
        var published = Path.Combine(folder, "published");
        CopySource(source);
        await Shell.RunAsync(
            "dotnet",
            source,
            ["publish", "src/Hello/Hello.csproj", "-c", "Release", "-o", published, "--nologo", "-p:UseAppHost=false"],
            cancellationToken,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1" });
        if (!File.Exists(Path.Combine(published, "Hello.dll")))
        {
            throw new InvalidOperationException($"dotnet publish left no Hello.dll in {published}.");
        }

        return published;
    }

    /// <summary>
    /// Copies the sample's sources (no bin, obj or out) into <paramref name="target"/>, with the Slipway projects it references (Slipway.Sdk, Slipway.Flags, Slipway.Testing)
    /// under lib/, which the sample references when it is built outside the repository, as the demo does.
    /// </summary>
    public static void CopySource(string target)
    {
        SampleSource.CopyTree(Path.Combine(RepositoryRoot(), "samples", "hello"), target);
        SampleSource.CopyLibraries(Path.Combine(RepositoryRoot(), "src"), target, SampleSource.HelloLibraries);
    }
}
