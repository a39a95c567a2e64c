using System.Net.Http.Json;
using Slipway.Server.Tests.Hosting;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Secrets;

/// <summary>
/// `slipway server` as its own process, with a variable only in its environment and Information logging: neither the
/// variable nor a secret's value reaches a step, an instance, or the server's own stdout and stderr.
/// </summary>
[Collection(Deployments.Name)]
public sealed class SecretsServerProcessTests(HelloFixture hello)
{
    private const string Value = "proc-s3cr3t-4e5f6a";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_prints_no_secret_and_its_own_environment_reaches_no_step_and_no_instance()
    {
        await using var bed = await TestBed.CreateAsync("secrets-process", Ct);
        var first = await bed.CommitAsync(bed.Config(hello.Published) with { Build = "exit 3" }, "no secret yet", Ct);
        var url = SlipwayProcess.Loopback(SlipwayProcess.FreePort());
        await using var server = SlipwayProcess.StartServer(
            bed, url, "server.log", new Dictionary<string, string> { ["SLIPWAY_TEST_SERVER_ONLY"] = "leak-from-the-server" }, "--verbose");
        await SlipwayProcess.WaitUntilUpAsync(bed, server, url);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);
        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/API_TOKEN", new { value = Value }, Ct)).EnsureSuccessStatusCode();

        var config = bed.Config(hello.Published) with
        {
            Build = $"rm -rf out && cp -r '{hello.Published}' out && echo \"build sees $API_TOKEN and ${{SLIPWAY_TEST_SERVER_ONLY:-nothing}}\"",
            Run = "sh -c 'echo \"instance sees $API_TOKEN and ${SLIPWAY_TEST_SERVER_ONLY:-nothing}\"; exec dotnet Hello.dll --urls http://127.0.0.1:$PORT'",
            Instances = 1,
            Extra = "build_secrets: [API_TOKEN]\n",
        };
        var commit = await bed.CommitAsync(config, "uses the secret", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);
        Assert.Equal("succeeded", run.Status);
        await bed.Api.WaitForRolloutAsync("hello", commit, Ct, TimeSpan.FromSeconds(120));

        var buildLog = await bed.Api.Http.GetStringAsync($"api/runs/{run.RunId}/logs/build", Ct);
        Assert.Contains("build sees *** and nothing", buildLog, StringComparison.Ordinal);
        var instanceLog = await Eventually.GetAsync(
            () => Task.FromResult(string.Join('\n', Directory.GetFiles(Path.Combine(bed.DataDirectory, "agent"), "*.log", SearchOption.AllDirectories).Select(File.ReadAllText))),
            text => text.Contains("instance sees", StringComparison.Ordinal),
            "the instance printed its line", Ct);
        Assert.Contains("instance sees *** and nothing", instanceLog, StringComparison.Ordinal);

        var serverOutput = server.Log;
        Assert.Contains("Pipeline", serverOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, serverOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Value)).TrimEnd('='), serverOutput, StringComparison.Ordinal);
    }
}
