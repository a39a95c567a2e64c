using Slipway.Core.Journal;
using Slipway.Server.Api;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Rollouts;

[Collection(Deployments.Name)]
public sealed class SelfTestRollbackTests(HelloFixture hello)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_commit_whose_self_test_fails_is_rolled_back_while_the_old_version_keeps_full_capacity()
    {
        await using var bed = await TestBed.CreateAsync("selftest-rollback", Ct);
        var config = bed.Config(hello.Published) with { Instances = 3 };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        await bed.StartServerAsync(Ct);
        var registered = await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRolloutAsync("hello", v1, Ct);

        // The greeting setting is gone from the config: the new version's self-test answers 503.
        var v2 = await bed.CommitAsync(config with { Greeting = "" }, "v2: greeting setting lost", Ct);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var observations = WatchFleetAsync(bed.Api, watching.Token);
        await bed.Api.PushAsync("hello", Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v2, Ct);
        await watching.CancelAsync();
        var seen = await observations;

        Assert.Equal("rolled_back", rollout.Outcome);
        Assert.Equal("selftest", rollout.Reason);
        Assert.Contains("self-test failed on", rollout.Summary, StringComparison.Ordinal);
        Assert.NotEmpty(seen);
        Assert.All(seen, fleet => Assert.True(
            fleet.Count(i => i.Version == v1 && i.Routed) >= 3,
            $"v1 dropped below full capacity: {string.Join(", ", fleet.Select(i => $"{i.Id}:{i.Version[..7]}:{(i.Routed ? "routed" : "-")}"))}"));
        Assert.All(seen, fleet => Assert.DoesNotContain(fleet, i => i.Version == v2 && i.Routed));

        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Equal(v1, status.Service.ProductionVersion);
        Assert.Contains(v2, status.Service.RolledBackVersions);
        Assert.Equal(3, status.Fleet.Count);
        Assert.All(status.Fleet, i => Assert.Equal(v1, i.Version));
        using var http = new HttpClient();
        Assert.Equal($"Hello from {v1}!", await http.GetStringAsync(new Uri(registered.FrontDoor), Ct));

        var detail = await bed.Api.RolloutAsync(rollout.RolloutId, Ct);
        var failed = Assert.Single(detail.Timeline, t => t.Type == "SelfTestFailed");
        Assert.Contains("\"config\"", failed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolled_back_commit_is_never_deployed_again_automatically()
    {
        await using var bed = await TestBed.CreateAsync("no-redeploy", Ct);
        var config = bed.Config(hello.Published) with { Instances = 2 };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRolloutAsync("hello", v1, Ct);
        var v2 = await bed.CommitAsync(config with { Greeting = "" }, "v2: broken", Ct);
        await bed.Api.PushAsync("hello", Ct);
        Assert.Equal("rolled_back", (await bed.Api.WaitForRolloutAsync("hello", v2, Ct)).Outcome);

        // The branch is forced back to v1 and then to the bad commit again. Neither is built again (each has its
        // release), and neither is rolled out: v1 is in production, v2 was rolled back and a push does not bring it back.
        var skipped = new System.Collections.Concurrent.ConcurrentQueue<DeploySkipped>();
        bed.Server!.Journal.Appended += (e, _) =>
        {
            if (e is DeploySkipped d)
            {
                skipped.Enqueue(d);
            }
        };
        await bed.Repository.ResetAsync(v1, Ct);
        await bed.Api.PushAsync("hello", Ct);
        await Eventually.TrueAsync(() => skipped.Any(d => d.Version == v1), "the deploy of v1 to be skipped", Ct);
        await bed.Repository.ResetAsync(v2, Ct);
        await bed.Api.PushAsync("hello", Ct);
        await Eventually.TrueAsync(() => skipped.Any(d => d.Version == v2), "the deploy of v2 to be skipped", Ct);
        Assert.Contains("already in production", skipped.First(d => d.Version == v1).Reason, StringComparison.Ordinal);
        Assert.Contains("rolled back before", skipped.First(d => d.Version == v2).Reason, StringComparison.Ordinal);
        var built = await bed.Api.StatusAsync("hello", Ct);
        Assert.Single(built.Runs, r => r.Commit == v1);
        Assert.Single(built.Runs, r => r.Commit == v2);

        // A later good commit goes through; the service handles work in order, so v2 would have been rolled out before it.
        var v3 = await bed.CommitAsync(config with { Greeting = "Hi" }, "v3", Ct);
        await bed.Api.PushAsync("hello", Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v3, Ct)).Outcome);

        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Equal([v1, v2, v3], status.Rollouts.Select(r => r.Version).Reverse());
        Assert.Equal(v3, status.Service.ProductionVersion);
    }

    private static async Task<List<IReadOnlyList<InstanceView>>> WatchFleetAsync(SlipwayApi api, CancellationToken ct)
    {
        var seen = new List<IReadOnlyList<InstanceView>>();
        try
        {
            while (true)
            {
                seen.Add((await api.StatusAsync("hello", ct)).Fleet);
                await Task.Delay(20, ct);
            }
        }
        catch (OperationCanceledException)
        {
            return seen;
        }
    }
}
