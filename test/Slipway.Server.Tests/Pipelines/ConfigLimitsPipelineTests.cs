using Slipway.TestKit;

namespace Slipway.Server.Tests.Pipelines;

/// <summary>A commit's slipway.yml past a limit fails its own run at the config step; the server lives on, and restarts.</summary>
public sealed class ConfigLimitsPipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_commit_whose_config_is_nested_100000_levels_deep_fails_at_config_and_the_server_restarts()
    {
        await using var bed = await TestBed.CreateAsync("deep-config", Ct);
        var yaml = "build: \"true\"\nartifact: out\nrun: ./app\nenv: { X: " + new string('[', 100_000) + new string(']', 100_000) + " }\n";
        var commit = await bed.CommitYamlAsync(yaml, "deep config", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("deep", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("deep", commit, Ct);

        Assert.Equal(("failed", "config"), (run.Status, run.FailedStep));
        Assert.StartsWith("slipway.yml:4:", run.Message, StringComparison.Ordinal);
        Assert.Contains("env.X", run.Message, StringComparison.Ordinal);
        Assert.Contains("nested more than 32 levels deep", run.Message, StringComparison.Ordinal);

        await bed.StopServerAsync();
        await bed.StartServerAsync(Ct);
        var status = await bed.Api.StatusAsync("deep", Ct);
        Assert.Equal("deep", status.Service.Name);
    }

    [Fact]
    public async Task A_commit_whose_config_is_20_megabytes_fails_at_config_naming_the_size_limit()
    {
        await using var bed = await TestBed.CreateAsync("huge-config", Ct);
        var commit = await bed.CommitYamlAsync("build: \"true\"\nartifact: out\nrun: ./app\ntest: " + new string('x', 20_000_000) + "\n", "huge config", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("huge", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("huge", commit, Ct);

        Assert.Equal(("failed", "config"), (run.Status, run.FailedStep));
        Assert.Contains("slipway.yml:4:", run.Message, StringComparison.Ordinal);
        Assert.Contains("larger than 256 KiB", run.Message, StringComparison.Ordinal);
    }
}
