using Slipway.Core.Journal;
using Slipway.Server.Pipelines;
using Slipway.Server.Tests.Testing;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Pipelines;

/// <summary>
/// <c>build: { dotnet: … }</c> on the real sample, through the real pipeline: one MSBuild run builds the service and its
/// tests and publishes it, the test stage runs that build, the restore is skipped while no project file changes, and a
/// warm build packs into the same artifact digest as the clean build of the same commit.
/// </summary>
public sealed class DotnetBuildPipelineTests
{
    private const string Config = """
        build:
          dotnet: src/Hello/Hello.csproj
        tests:
          projects: [tests/Hello.Tests/Hello.Tests.csproj]
          shards: 1
        artifact: out
        run: dotnet Hello.dll --urls http://127.0.0.1:$PORT
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dotnet_build_builds_once_for_the_tests_skips_an_unneeded_restore_and_a_warm_build_gives_the_clean_builds_digest()
    {
        using var folder = TempFolder.Create("dotnet-build");
        await using var pipeline = await PipelineHarness.CreateAsync(folder.Path, Ct);
        HelloSample.CopySource(pipeline.Repository);
        var first = await pipeline.CommitAsync(new Dictionary<string, string> { ["slipway.yml"] = Config }, Ct);
        var greeter = Path.Combine(pipeline.Repository, "src", "Hello", "Greeter.cs");
        var second = await pipeline.CommitAsync(new Dictionary<string, string> { [greeter] = await File.ReadAllTextAsync(greeter, Ct) + "internal static class Revision { internal const int Value = 2; }\n" }, Ct);
        var project = Path.Combine(pipeline.Repository, "src", "Hello", "Hello.csproj");
        var third = await pipeline.CommitAsync(new Dictionary<string, string> { [project] = (await File.ReadAllTextAsync(project, Ct)).Replace("<RootNamespace>", "<Description>a project change</Description><RootNamespace>", StringComparison.Ordinal) }, Ct);

        var clean = await RunAsync(pipeline, first);
        var warm = await RunAsync(pipeline, second);
        var changedProject = await RunAsync(pipeline, third);
        var firstAgain = await RunAsync(pipeline, first);

        // The first build restores; a one-line change does not; a project change does; the first commit again is warm.
        Assert.Contains("slipway: restore: no kept build state", clean.BuildLog, StringComparison.Ordinal);
        Assert.Contains("-restore", clean.BuildLog, StringComparison.Ordinal);
        Assert.Contains($"slipway: restore skipped: no project file changed since {first[..7]}", warm.BuildLog, StringComparison.Ordinal);
        Assert.DoesNotContain("-restore", warm.BuildLog, StringComparison.Ordinal);
        Assert.Contains($"slipway: restore: src/Hello/Hello.csproj changed since {second[..7]}", changedProject.BuildLog, StringComparison.Ordinal);
        Assert.EndsWith($"warm: obj/ and bin/ of {third[..7]}", firstAgain.Checkout, StringComparison.Ordinal);

        // Every run has one build step and the test stage, which ran the assembly that step built.
        foreach (var run in new[] { clean, warm, changedProject, firstAgain })
        {
            Assert.Equal(["checkout", "config", "build", "test", "package"], run.Steps);
            Assert.True(run.TestsPassed > 0);

            // The sample's tests reference Slipway.Testing, so they ran in the stage's seeded order: no "xUnit chose its order".
            Assert.Empty(run.Warnings);
            Assert.Contains("tests/Hello.Tests/Hello.Tests.csproj: built by the build step (build: dotnet), runs tests/Hello.Tests/bin/Release/net10.0/Hello.Tests", run.TestLog, StringComparison.Ordinal);
        }

        Assert.NotEqual(clean.Digest, warm.Digest);
        Assert.Equal(clean.Digest, firstAgain.Digest);
    }

    [Fact]
    public async Task With_runtime_host_the_artifact_holds_only_this_platforms_native_files_and_the_tests_run_that_build()
    {
        using var folder = TempFolder.Create("dotnet-build-rid");
        await using var pipeline = await PipelineHarness.CreateAsync(folder.Path, Ct);
        HelloSample.CopySource(pipeline.Repository);
        var config = Config.Replace("dotnet: src/Hello/Hello.csproj", "dotnet: src/Hello/Hello.csproj\n  runtime: host", StringComparison.Ordinal);
        var commit = await pipeline.CommitAsync(new Dictionary<string, string> { ["slipway.yml"] = config }, Ct);

        var run = await RunAsync(pipeline, commit);

        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        Assert.Contains($"slipway: build src/Hello/Hello.csproj (Release, {rid}) and publish it into out/", run.BuildLog, StringComparison.Ordinal);
        Assert.Contains($"runs tests/Hello.Tests/bin/Release/net10.0/{rid}/Hello.Tests", run.TestLog, StringComparison.Ordinal);
        var entries = await ArtifactEntriesAsync(Path.Combine(pipeline.ArtifactsFolder, run.Digest + ".tar.gz"));
        Assert.Contains("Hello.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("runtimes/", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("e_sqlite3", StringComparison.Ordinal) && !e.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Fact]
    public void A_runtime_builds_every_project_for_it_framework_dependent_and_is_part_of_the_restore_key()
    {
        var xml = DotnetBuildStep.Traversal("/w/App.csproj", ["/w/T.csproj"], "Release", "/w/out/", "linux-x64");
        var portable = new Core.Config.DotnetBuildConfig { Project = "App.csproj" };
        var env = new Dictionary<string, string> { ["HOME"] = "/h" };

        Assert.Contains("Configuration=Release;PublishDir=/w/out/;_IsPublishing=true;RuntimeIdentifier=linux-x64;SelfContained=false", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("RuntimeIdentifier", DotnetBuildStep.Traversal("/w/App.csproj", [], "Release", "/w/out/"), StringComparison.Ordinal);
        Assert.NotEqual(DotnetBuildStep.RestoreKey(portable, [], "out", env), DotnetBuildStep.RestoreKey(portable with { Runtime = "linux-x64" }, [], "out", env));
        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, DotnetBuildStep.Runtime(portable with { Runtime = "host" }));
    }

    [Fact]
    public void The_generated_project_escapes_what_msbuild_would_read_as_wildcards_properties_or_separators()
    {
        var xml = DotnetBuildStep.Traversal("/w/a;b/$(X)/App*.csproj", ["/w/t@(I)/T?.csproj"], "Release", "/w/o%ut/");

        Assert.Contains("Include=\"/w/a%3Bb/%24%28X%29/App%2A.csproj\"", xml, StringComparison.Ordinal);
        Assert.Contains("Include=\"/w/t%40%28I%29/T%3F.csproj\"", xml, StringComparison.Ordinal);
        Assert.Contains("PublishDir=/w/o%25ut/", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_service_home_gets_an_msbuild_server_of_its_own()
    {
        static string Salt(string home) => DotnetBuildStep.OwnBuildServer(new Dictionary<string, string> { ["HOME"] = home, ["PATH"] = "/usr/bin" })["MSBUILDNODEHANDSHAKESALT"];

        var environment = DotnetBuildStep.OwnBuildServer(new Dictionary<string, string> { ["HOME"] = "/data/home/orders" });

        Assert.Equal("1", environment["DOTNET_CLI_USE_MSBUILD_SERVER"]);
        Assert.Equal(Salt("/data/home/orders"), Salt("/data/home/orders"));
        Assert.NotEqual(Salt("/data/home/orders"), Salt("/data/home/billing"));
        Assert.NotEqual(Salt("/data/home/orders"), Salt("/other/home/orders"));
    }

    [Theory]
    [InlineData("src/App/App.csproj", true)]
    [InlineData("Directory.Build.props", true)]
    [InlineData("build/Common.targets", true)]
    [InlineData("Directory.Build.rsp", true)]
    [InlineData("dirs.proj", true)]
    [InlineData("src/App/packages.lock.json", true)]
    [InlineData("NuGet.Config", true)]
    [InlineData("src/App/Program.cs", false)]
    [InlineData("README.md", false)]
    public void A_change_to_a_project_props_targets_or_response_file_means_a_restore(string path, bool restore) =>
        Assert.Equal(restore, WarmWorkspace.IsRestoreInput(path));

    private static async Task<Run> RunAsync(PipelineHarness pipeline, string commit)
    {
        var (runId, succeeded) = await pipeline.RunAsync(commit, Ct);
        var steps = pipeline.Events<PipelineStepCompleted>(runId);
        Assert.True(succeeded, string.Join('\n', steps.Select(s => $"{s.Step}: {s.LogTail}")) + pipeline.Log(runId, "build.log"));
        var stage = Assert.Single(pipeline.Events<TestStageCompleted>(runId));
        return new Run(
            steps.Select(s => s.Step).ToList(),
            steps.Single(s => s.Step == "checkout").LogTail,
            pipeline.Log(runId, "build.log"),
            stage.Passed,
            pipeline.Log(runId, "test.log"),
            Assert.Single(pipeline.Events<PipelineSucceeded>(runId)).ArtifactDigest,
            stage.Warnings);
    }

    private static async Task<List<string>> ArtifactEntriesAsync(string path)
    {
        await using var file = File.OpenRead(path);
        await using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        await using var tar = new System.Formats.Tar.TarReader(gzip);
        var entries = new List<string>();
        while (await tar.GetNextEntryAsync(cancellationToken: Ct) is { } entry)
        {
            entries.Add(entry.Name);
        }

        return entries;
    }

    private sealed record Run(IReadOnlyList<string> Steps, string Checkout, string BuildLog, int TestsPassed, string TestLog, string Digest, IReadOnlyList<string> Warnings);
}
