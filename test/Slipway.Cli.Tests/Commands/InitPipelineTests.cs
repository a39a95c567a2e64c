using Slipway.Core.Services;
using Slipway.Server.Hosting;
using Slipway.Server.Pipelines;
using Slipway.TestKit;

namespace Slipway.Cli.Tests.Commands;

/// <summary>
/// The config `slipway init` writes for samples/todo, run by a real server's pipeline: config, a real
/// <c>build: dotnet</c> (restore, build and publish), the sample's own xUnit tests in the test stage, and packaging. (No agent: the rollout is the demo's part.)
/// </summary>
public sealed class InitPipelineTests : IAsyncLifetime
{
    private readonly TempFolder _folder = TempFolder.Create("init-pipeline");
    private SlipwayServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = _folder.Combine("server"), Url = "http://127.0.0.1:0" }, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task The_config_init_writes_for_samples_todo_builds_tests_and_packages_it_in_the_pipeline()
    {
        var repo = TodoSample.CopyTo(_folder.Combine("todo"));
        var init = await CliRun.RunAsync("init", "--path", repo);
        Assert.True(init.ExitCode == 0, init.ToString());
        await Git.RunAsync(repo, Ct, "init", "--quiet", "--initial-branch=main");
        await Git.RunAsync(repo, Ct, "add", "--all");
        await Git.RunAsync(repo, Ct, "-c", "user.name=Test", "-c", "user.email=test@slipway.invalid", "commit", "--quiet", "-m", "deploy with Slipway");

        await _server!.Commands.RegisterAsync("todo", repo, "main", 0, 1, Ct);

        // A cold restore of EF Core and OpenTelemetry, a publish and the tests: generous, for a loaded machine.
        var run = await Eventually.GetAsync(
            () => Task.FromResult(_server.Journal.Read(s => s.Runs.Values.FirstOrDefault(r => r.Service == "todo"))),
            r => r is { Status: RunStatus.Succeeded or RunStatus.Failed },
            "the pipeline run to finish",
            Ct,
            TimeSpan.FromMinutes(20));
        Assert.True(run!.Status == RunStatus.Succeeded, $"{run.Failure?.Step}: {run.Failure?.Message}");
        Assert.Equal(["checkout", "config", "build", "test", "package"], run.Steps.Select(s => s.Step.StartsWith("build", StringComparison.Ordinal) ? "build" : s.Step).Distinct());

        // The test stage ran the sample's xUnit tests from the build step's assemblies, and they all passed.
        var stage = _server.Journal.Read(s => s.TestsOf("todo").RecentRuns.Single());
        Assert.Equal("passed", stage.Outcome);
        Assert.True(stage.Total > 0 && stage.Passed == stage.Total, $"{stage.Passed} of {stage.Total} passed");
    }
}
