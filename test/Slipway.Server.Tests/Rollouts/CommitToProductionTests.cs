using Slipway.TestKit;

namespace Slipway.Server.Tests.Rollouts;

[Collection(Deployments.Name)]
public sealed class CommitToProductionTests(HelloFixture hello)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_commit_is_promoted_on_every_instance_and_the_front_door_serves_it()
    {
        await using var bed = await TestBed.CreateAsync("promote", Ct);
        var v1 = await bed.CommitAsync(bed.Config(hello.Published) with { Instances = 7 }, "v1", Ct);
        await bed.StartServerAsync(Ct);

        var registered = await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v1, Ct);

        Assert.Equal("promoted", rollout.Outcome);
        Assert.Equal([1, 2, 4], rollout.Waves);
        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Equal(v1, status.Service.ProductionVersion);
        Assert.Equal(7, status.Fleet.Count);
        Assert.All(status.Fleet, i =>
        {
            Assert.Equal(v1, i.Version);
            Assert.True(i.Routed, $"{i.Id} is not routed");
        });
        Assert.Null(status.Service.ActiveRollout);

        using var http = new HttpClient();
        var greeting = await http.GetStringAsync(new Uri(registered.FrontDoor), Ct);
        Assert.Equal($"Hello from {v1}!", greeting);
    }

    [Fact]
    public async Task A_second_commit_replaces_the_first_wave_by_wave_and_the_front_door_serves_it()
    {
        await using var bed = await TestBed.CreateAsync("replace", Ct);
        var config = bed.Config(hello.Published) with { Instances = 3 };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        await bed.StartServerAsync(Ct);
        var registered = await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRolloutAsync("hello", v1, Ct);

        var v2 = await bed.CommitAsync(config with { Greeting = "Howdy" }, "v2", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v2, Ct);

        Assert.Equal("promoted", rollout.Outcome);
        Assert.Equal(v1, rollout.PreviousVersion);
        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Equal(3, status.Fleet.Count);
        Assert.All(status.Fleet, i => Assert.Equal(v2, i.Version));
        using var http = new HttpClient();
        Assert.Equal($"Howdy from {v2}!", await http.GetStringAsync(new Uri(registered.FrontDoor), Ct));
    }
}
