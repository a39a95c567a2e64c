using Slipway.TestKit;

namespace Slipway.Server.Tests.Rollouts;

[Collection(Deployments.Name)]
public sealed class CrashOnStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sh -c 'exit 3'", 2, "crashed on start")]
    [InlineData("dotnet Missing.dll --urls http://127.0.0.1:$PORT", 8, "crashed on start")]
    [InlineData("sleep 600", 2, "never started listening")]
    public async Task An_instance_that_crashes_or_never_listens_fails_its_self_test_once_the_timeout_passes(string run, int timeoutSeconds, string reason)
    {
        await using var bed = await TestBed.CreateAsync("crash-on-start", Ct);
        var config = new HelloConfig
        {
            Owner = bed.Owner,
            Build = "mkdir -p out && echo app > out/app.txt",
            Run = run,
            Instances = 2,
            SelfTestTimeout = $"{timeoutSeconds}s",
        };
        var commit = await bed.CommitAsync(config, "crashes", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", commit, Ct);

        Assert.Equal("rolled_back", rollout.Outcome);
        Assert.Equal("selftest", rollout.Reason);
        Assert.Contains($"timeout after {timeoutSeconds} s", rollout.Summary, StringComparison.Ordinal);
        Assert.Contains(reason, rollout.Summary, StringComparison.Ordinal);
        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Empty(status.Fleet);
        Assert.Null(status.Service.ProductionVersion);
    }
}
