using Slipway.TestKit;

namespace Slipway.Server.Tests.Pipelines;

/// <summary>Artifacts do not grow without limit: the newest releases and whatever may still run keep theirs.</summary>
[Collection(Deployments.Name)]
public sealed class ArtifactRetentionTests(HelloFixture hello)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_four_releases_with_two_kept_only_the_two_newest_artifacts_remain()
    {
        await using var bed = await TestBed.CreateAsync("retention", Ct);
        var config = bed.Config(hello.Published) with { Instances = 1 };
        await bed.StartServerAsync(Ct, o => o with { KeepReleases = 2 });
        var versions = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            // Each commit's artifact differs (a marker file), so each release has its own digest.
            var version = await bed.CommitAsync(config with { Build = config.Build + $" && echo {i} > out/marker" }, $"v{i}", Ct);
            versions.Add(version);
            if (i == 1)
            {
                await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
            }
            else
            {
                await bed.Api.PushAsync("hello", Ct);
            }

            Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", version, Ct)).Outcome);
        }

        var status = await bed.Api.StatusAsync("hello", Ct);
        var digests = status.Runs.Where(r => r.ArtifactDigest is not null).ToDictionary(r => r.Commit, r => r.ArtifactDigest!, StringComparer.Ordinal);
        var stored = await Eventually.GetAsync(
            () => Task.FromResult(Directory.EnumerateFiles(Path.Combine(bed.DataDirectory, "artifacts"), "*.tar.gz").Select(f => Path.GetFileName(f)[..^".tar.gz".Length]).Order(StringComparer.Ordinal).ToList()),
            files => files.Count == 2,
            "the artifacts of v1 and v2 to be deleted",
            Ct);

        Assert.Equal(new[] { digests[versions[2]], digests[versions[3]] }.Order(StringComparer.Ordinal), stored);
    }

    [Fact]
    public async Task A_workspace_left_by_a_stopped_server_is_deleted_at_start()
    {
        await using var bed = await TestBed.CreateAsync("leftover", Ct);
        var leftover = Path.Combine(bed.DataDirectory, "work", "hello-7");
        Directory.CreateDirectory(Path.Combine(leftover, "obj"));
        await File.WriteAllTextAsync(Path.Combine(leftover, "obj", "big.bin"), "left by a killed build", Ct);

        await bed.StartServerAsync(Ct);

        Assert.False(Directory.Exists(leftover));
    }

    [Fact]
    public async Task At_start_a_registered_service_keeps_its_warm_workspace_and_an_unknown_one_loses_its()
    {
        await using var bed = await TestBed.CreateAsync("warm-leftover", Ct);
        await bed.StartServerAsync(Ct);
        var version = await bed.CommitAsync(bed.Config(hello.Published) with { Instances = 1 }, "v1", Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", version, Ct)).Outcome);
        await bed.StopServerAsync();
        var kept = Path.Combine(bed.DataDirectory, "workspaces", "hello", "obj", "state.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        await File.WriteAllTextAsync(kept, "an incremental build's state", Ct);
        var gone = Path.Combine(bed.DataDirectory, "workspaces", "removed-service");
        Directory.CreateDirectory(Path.Combine(gone, "obj"));
        await File.WriteAllTextAsync(gone + ".built", "0123456789abcdef", Ct);

        await bed.StartServerAsync(Ct);

        Assert.True(File.Exists(kept));
        Assert.False(Directory.Exists(gone));
        Assert.False(File.Exists(gone + ".built"));
    }
}
