using Slipway.Server.Api;
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

    [Fact]
    public async Task The_next_wave_starts_and_self_tests_while_the_one_before_it_bakes_and_gets_traffic_only_after_it_completed()
    {
        await using var bed = await TestBed.CreateAsync("ahead", Ct);
        var v1 = await bed.CommitAsync(bed.Config(hello.Published) with { Instances = 3, Bake = "4s" }, "v1", Ct);
        await bed.StartServerAsync(Ct, o => o with { StartWavesAhead = true });
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v1, Ct);
        Assert.Equal("promoted", rollout.Outcome);

        var timeline = (await bed.Api.RolloutAsync(rollout.RolloutId, Ct)).Timeline.ToList();
        int Wave(TimelineEntry t) => ((System.Text.Json.JsonElement)t.Event).GetProperty("wave").GetInt32();
        bool Mentions(TimelineEntry t, string id) => ((System.Text.Json.JsonElement)t.Event).ToString().Contains($"\"{id}\"", StringComparison.Ordinal);
        var secondStarted = timeline.FindIndex(t => t.Type == "WaveStarted" && Wave(t) == 1);
        var firstBaked = timeline.FindIndex(t => t.Type == "WaveBaked" && Wave(t) == 0);
        var firstCompleted = timeline.FindIndex(t => t.Type == "WaveCompleted" && Wave(t) == 0);
        var secondSelfTests = timeline.FindLastIndex(t => t.Type == "SelfTestPassed" && (Mentions(t, $"{rollout.RolloutId}-2") || Mentions(t, $"{rollout.RolloutId}-3")));
        var secondRouted = timeline.FindIndex(t => t.Type == "InstancesRouted" && Mentions(t, $"{rollout.RolloutId}-2"));

        Assert.True(secondStarted >= 0 && secondStarted < firstBaked, "wave 2 did not start while wave 1 baked");
        Assert.True(secondSelfTests >= 0 && secondSelfTests < firstCompleted, "wave 2's self-tests were not done when wave 1 completed");
        Assert.True(secondRouted > firstCompleted, "wave 2 got traffic before wave 1 completed");
    }

    /// <summary>
    /// An instance started ahead gets the bake's length on top of its self-test timeout, since started at the bake's
    /// end it would have had the whole timeout from there. Here the instances after the first wait 7 s before they
    /// start, past the 5 s timeout but within 5 s + the 10 s bake: without the extra time the rollout was rolled back
    /// (reason selftest), as wave 3 of the demo was on a loaded machine.
    /// </summary>
    [Fact]
    public async Task An_instance_started_ahead_that_listens_after_its_timeout_but_before_the_bake_ends_passes_its_self_test()
    {
        await using var bed = await TestBed.CreateAsync("ahead-slow", Ct);
        // The bed's folder is writable by the user instances run as (TempFolder), and deleted with the bed.
        var first = bed.Folder.Combine("first-instance");
        var config = bed.Config(hello.Published) with
        {
            Instances = 3,
            Waves = "[1, 2]",
            Bake = "10s",
            SelfTestTimeout = "5s",
            Run = $"sh -c \"mkdir {first} 2>/dev/null || sleep 7; exec dotnet Hello.dll --urls http://127.0.0.1:$PORT\"",
        };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        await bed.StartServerAsync(Ct, o => o with { StartWavesAhead = true });
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v1, Ct);

        Assert.Equal("promoted", rollout.Outcome);
        var passed = (await bed.Api.RolloutAsync(rollout.RolloutId, Ct)).Timeline
            .Where(t => t.Type == "SelfTestPassed")
            .Select(t => ((System.Text.Json.JsonElement)t.Event).GetProperty("seconds").GetDouble())
            .ToList();
        Assert.Equal(3, passed.Count);
        Assert.Equal(2, passed.Count(seconds => seconds > 5));
    }
}
