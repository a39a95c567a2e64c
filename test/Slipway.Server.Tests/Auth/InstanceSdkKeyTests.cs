using Slipway.Server.Rollouts;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Auth;

/// <summary>Instances get their service's SDK key in their environment, and the SDK in them streams flags with it.</summary>
[Collection(Deployments.Name)]
public sealed class InstanceSdkKeyTests(HelloFixture hello)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deployed_instance_streams_its_services_flags_with_the_key_it_was_given()
    {
        await using var bed = await TestBed.CreateAsync("sdk-key", Ct);
        var server = await bed.StartServerAsync(Ct);
        var v1 = await bed.CommitAsync(bed.Config(hello.Published) with { Instances = 1, FlagServer = server.Address }, "v1", Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v1, Ct);

        Assert.Equal("promoted", rollout.Outcome);
        var added = server.Journal.Read(s => s.Fleet.ForService("hello").ToList());
        Assert.NotEmpty(added);

        // The key reaches the instance from the agent hub, never through the journaled spec.
        Assert.All(added, spec => Assert.False(spec.Env.ContainsKey(RolloutDriver.SdkKeyVariable)));
        var key = server.Tokens.InstanceSdkKey("hello");
        var journalBytes = await File.ReadAllBytesAsync(Path.Combine(bed.DataDirectory, "journal.db"), Ct);
        Assert.Equal(-1, journalBytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(key)));
        var hub = server.Services.GetService(typeof(Slipway.Server.Flags.FlagStreamHub)) as Slipway.Server.Flags.FlagStreamHub;
        await Eventually.TrueAsync(() => hub!.OpenStreams > 0, "the instance's SDK to hold a flag stream open", Ct, TimeSpan.FromSeconds(30));
    }
}
