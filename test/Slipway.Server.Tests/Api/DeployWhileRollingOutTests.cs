using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Api;

public sealed class DeployWhileRollingOutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deploy_asked_for_while_a_rollout_runs_is_refused_with_a_409_problem()
    {
        await using var bed = await TestBed.CreateAsync("deploy-409", Ct);

        // An instance that never listens keeps the rollout in its self-test for a long time.
        var config = new HelloConfig { Owner = bed.Owner, Build = "mkdir -p out && echo app > out/app.txt", Run = "sleep 600", Instances = 1, SelfTestTimeout = "10m" };
        var commit = await bed.CommitAsync(config, "slow to start", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var rolling = await bed.Api.WaitAsync("hello", s => s.Service.ActiveRollout is not null, "the rollout to start", Ct);

        using var response = await bed.Api.Http.PostAsJsonAsync("api/services/hello/deploy", new { commit }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Rollout in progress", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains(rolling.Service.ActiveRollout!, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A manual rollback ends the rollout at once; then the deploy is accepted.
        using var rollback = await bed.Api.Http.PostAsync("api/services/hello/rollback", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        var after = await bed.Api.WaitAsync("hello", s => s.Service.ActiveRollout is null, "the rollback to finish", Ct);
        Assert.Equal("manual", after.Rollouts[0].Reason);
        using var again = await bed.Api.Http.PostAsJsonAsync("api/services/hello/deploy", new { commit }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }
}
