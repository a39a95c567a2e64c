using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Slipway.Server.Api;
using Slipway.Server.Tests.Processes;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Pipelines;

public sealed partial class PipelineFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invalid_slipway_yml_fails_at_the_config_step_naming_file_line_and_field_and_deploys_nothing()
    {
        await using var bed = await TestBed.CreateAsync("bad-config", Ct);
        var commit = await bed.CommitYamlAsync("build: \"true\"\nartifact: out\nrun: ./app\ninstances: many\n", "bad config", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);

        Assert.Equal("failed", run.Status);
        Assert.Equal("config", run.FailedStep);
        Assert.Matches(FileLineField(), run.Message);
        await AssertNothingDeployedAsync(bed);
    }

    [Fact]
    public async Task A_typo_in_a_key_is_a_config_error_too()
    {
        await using var bed = await TestBed.CreateAsync("typo-config", Ct);
        var commit = await bed.CommitYamlAsync("build: \"true\"\nartifact: out\nrun: ./app\nbake_time: 3s\n", "typo", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);

        Assert.Equal("config", run.FailedStep);
        Assert.Contains("slipway.yml:4:", run.Message, StringComparison.Ordinal);
        Assert.Contains("bake_time", run.Message, StringComparison.Ordinal);
        await AssertNothingDeployedAsync(bed);
    }

    [Fact]
    public async Task A_failing_build_fails_the_run_with_its_exit_code_and_log_tail_and_deploys_nothing()
    {
        await using var bed = await TestBed.CreateAsync("bad-build", Ct);
        var config = new HelloConfig
        {
            Owner = bed.Owner,
            Build = "echo compiling; echo 'Program.cs(3,1): error CS1002: ; expected' >&2; exit 4",
        };
        var commit = await bed.CommitAsync(config, "does not compile", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);

        Assert.Equal("build", run.FailedStep);
        Assert.Contains("exit code 4", run.Message, StringComparison.Ordinal);
        var detail = await bed.Api.Http.GetFromJsonAsync<RunDetail>($"api/runs/{run.RunId}", SlipwayApi.Json, Ct);
        Assert.Contains("error CS1002", detail!.LogTail, StringComparison.Ordinal);
        Assert.Contains("compiling", detail.LogTail, StringComparison.Ordinal);
        var log = await bed.Api.Http.GetStringAsync($"api/runs/{run.RunId}/logs/build", Ct);
        Assert.Contains("error CS1002", log, StringComparison.Ordinal);
        await AssertNothingDeployedAsync(bed);
    }

    [Fact]
    public async Task A_failing_test_step_fails_the_run_and_deploys_nothing()
    {
        await using var bed = await TestBed.CreateAsync("bad-test", Ct);
        var config = new HelloConfig { Owner = bed.Owner, Build = "mkdir -p out && echo app > out/app", Test = "echo '1 test failed: Greeter_greets'; exit 1" };
        var commit = await bed.CommitAsync(config, "a test fails", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);

        Assert.Equal("test", run.FailedStep);
        var detail = await bed.Api.Http.GetFromJsonAsync<RunDetail>($"api/runs/{run.RunId}", SlipwayApi.Json, Ct);
        Assert.Contains("Greeter_greets", detail!.LogTail, StringComparison.Ordinal);
        Assert.Equal(["checkout", "config", "build", "test"], detail.Steps.Select(s => s.Step));
        await AssertNothingDeployedAsync(bed);
    }

    [Fact]
    public async Task A_build_step_past_its_timeout_is_killed_with_its_children_and_the_run_fails_as_a_timeout()
    {
        await using var bed = await TestBed.CreateAsync("slow-build", Ct);
        var pid = bed.Folder.Combine("build-child.pid");
        var config = new HelloConfig
        {
            Owner = bed.Owner,
            Build = $"echo compiling; sleep 1000 & echo $! > '{pid}'; wait",
            Extra = "timeouts: { build: 2s }\n",
        };
        var commit = await bed.CommitAsync(config, "hangs in the build", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);

        Assert.Equal("build", run.FailedStep);
        Assert.StartsWith("build timed out after 2 s", run.Message, StringComparison.Ordinal);
        var log = await bed.Api.Http.GetStringAsync($"api/runs/{run.RunId}/logs/build", Ct);
        Assert.Contains("slipway: step killed after 2 s timeout", log, StringComparison.Ordinal);
        await ProcessTree.AssertGoneAsync(Ct, ProcessTree.ReadPidFile(pid));
        await AssertNothingDeployedAsync(bed);
    }

    [Fact]
    public async Task A_missing_artifact_folder_fails_at_the_package_step()
    {
        await using var bed = await TestBed.CreateAsync("no-artifact", Ct);
        var commit = await bed.CommitAsync(new HelloConfig { Owner = bed.Owner, Build = "echo built nothing" }, "no output", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);

        Assert.Equal("package", run.FailedStep);
        await AssertNothingDeployedAsync(bed);
    }

    private static async Task AssertNothingDeployedAsync(TestBed bed)
    {
        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Empty(status.Fleet);
        Assert.Empty(status.Rollouts);
        Assert.Null(status.Service.ProductionVersion);
    }

    // slipway.yml:<line>:<column>: instances: <message>
    [GeneratedRegex(@"slipway\.yml:\d+:\d+: instances: \S")]
    private static partial Regex FileLineField();
}
