using Slipway.Core.Config;
using Slipway.Server.Pipelines;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Pipelines;

/// <summary>
/// The warm workspace is only a shortcut: the sample built incrementally, on top of another commit's obj/ and bin/,
/// packs into the very artifact (same content digest) that a clean build of the same commit gives.
/// </summary>
public sealed class WarmBuildDigestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_warm_build_of_the_sample_gives_the_same_artifact_digest_as_a_clean_build_of_the_same_commit()
    {
        using var folder = TempFolder.Create("warm-digest");
        var repository = await GitRepository.InitAsync(folder.Combine("repo"), Ct);
        HelloSample.CopySource(repository.Path);
        var first = await repository.CommitAsync("first", Ct);
        var greeter = Path.Combine(repository.Path, "src", "Hello", "Greeter.cs");
        await File.WriteAllTextAsync(greeter, (await File.ReadAllTextAsync(greeter, Ct)).Replace("\"!\"", "\"!!\"", StringComparison.Ordinal), Ct);
        var second = await repository.CommitAsync("a one-line change", Ct);
        var mirror = folder.Combine("mirror.git");
        await Git.FetchMirrorAsync(repository.Path, mirror, Ct);
        var artifacts = new ArtifactStore(folder.Combine("artifacts"));
        var workspace = new WarmWorkspace(folder.Combine("workspaces", "hello"), mirror, null, folder.Combine("home"));
        Directory.CreateDirectory(folder.Combine("workspaces"));

        var (cleanFrom, clean) = await BuildAsync(workspace, first, artifacts);
        var (_, other) = await BuildAsync(workspace, second, artifacts);
        var (warmFrom, warm) = await BuildAsync(workspace, first, artifacts);

        Assert.Equal("clean: fresh clone", cleanFrom);
        Assert.Equal($"warm: obj/ and bin/ of {second[..7]}", warmFrom);
        Assert.NotEqual(clean, other);
        Assert.Equal(clean, warm);
    }

    [Theory]
    [InlineData("global.json", true)]
    [InlineData("Directory.Build.props", true)]
    [InlineData("src/Directory.Build.targets", true)]
    [InlineData("Directory.Packages.props", true)]
    [InlineData("src/Hello/packages.lock.json", true)]
    [InlineData("NuGet.Config", true)]
    [InlineData("src/Hello/Greeter.cs", false)]
    [InlineData("src/Hello/Hello.csproj", false)]
    [InlineData("docs/global.json.md", false)]
    public void A_change_to_the_sdk_pin_shared_props_or_a_lock_file_forces_a_clean_build(string path, bool buildInput) =>
        Assert.Equal(buildInput, WarmWorkspace.IsBuildInput(path));

    private static async Task<(string From, string Digest)> BuildAsync(WarmWorkspace workspace, string commit, ArtifactStore artifacts)
    {
        await workspace.CheckoutAsync(commit, Ct);
        var from = await workspace.SettleAsync(commit, WorkspaceMode.Warm, Ct);
        await Shell.RunAsync(
            "dotnet",
            workspace.Path,
            ["publish", "src/Hello/Hello.csproj", "-c", "Release", "-o", "out", "--nologo"],
            Ct,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1" });
        workspace.MarkBuilt(commit);
        var (digest, _) = await artifacts.PackAsync(Path.Combine(workspace.Path, "out"), Ct);
        return (from, digest);
    }
}
