using System.Net.Http.Json;
using Slipway.Server.Api;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Pipelines;

/// <summary>
/// Each run builds in the service's warm workspace: the obj/ of the last successful build is still there (and writable by
/// the user steps run as), untracked output is gone, and slipway.yml or a changed build input starts the build clean.
/// </summary>
[Collection(Deployments.Name)]
public sealed class WarmWorkspacePipelineTests(HelloFixture hello)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_next_run_keeps_obj_but_not_other_output_and_workspace_clean_or_a_props_change_starts_it_clean()
    {
        await using var bed = await TestBed.CreateAsync("warm", Ct);
        var published = bed.Config(hello.Published);

        // obj/lines counts the builds that kept it; stray.txt is untracked output that must never survive a run.
        var config = published with
        {
            Instances = 1,
            Build = "test ! -e stray.txt && mkdir -p obj && echo built >> obj/lines && echo builds=$(wc -l < obj/lines) && echo x > stray.txt && " + published.Build,
        };
        await bed.StartServerAsync(Ct);

        var v1 = await bed.CommitAsync(config, "v1", Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var first = await RunAsync(bed, v1);

        var v2 = await bed.CommitAsync(config, "v2", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var second = await RunAsync(bed, v2);

        bed.Repository.WriteFile("Directory.Build.props", "<Project />\n");
        var v3 = await bed.CommitAsync(config, "v3: shared props", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var third = await RunAsync(bed, v3);

        var v4 = await bed.CommitAsync(config, "v4", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var fourth = await RunAsync(bed, v4);

        var v5 = await bed.CommitYamlAsync(config.ToYaml() + "workspace: clean\n", "v5: clean", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var fifth = await RunAsync(bed, v5);

        Assert.Equal(("clean: fresh clone", "builds=1"), first);
        Assert.Equal(($"warm: obj/ and bin/ of {v1[..7]}", "builds=2"), second);
        Assert.Equal(($"clean: Directory.Build.props changed since {v2[..7]}", "builds=1"), third);
        Assert.Equal(($"warm: obj/ and bin/ of {v3[..7]}", "builds=2"), fourth);
        Assert.Equal(("clean: workspace: clean in slipway.yml", "builds=1"), fifth);
    }

    /// <summary>Waits for the commit's rollout; returns what its checkout started from and the build's count line.</summary>
    private static async Task<(string From, string Builds)> RunAsync(TestBed bed, string commit)
    {
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", commit, Ct)).Outcome);
        var run = (await bed.Api.StatusAsync("hello", Ct)).Runs.Single(r => r.Commit == commit && r.Status == "succeeded");
        var detail = await bed.Api.Http.GetFromJsonAsync<RunDetail>($"/api/runs/{run.RunId}", SlipwayApi.Json, Ct);
        var checkout = detail!.Steps.Single(s => s.Step == "checkout").LogTail;
        var build = detail.Steps.Single(s => s.Step == "build").LogTail;
        var from = checkout[(checkout.IndexOf("; ", StringComparison.Ordinal) + 2)..];
        var builds = build.Split('\n').Single(l => l.StartsWith("builds=", StringComparison.Ordinal)).Trim();
        return (from, builds);
    }
}
