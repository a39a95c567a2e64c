using System.Net;
using System.Net.Http.Json;
using System.Text;
using Slipway.Server.Api;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Secrets;

/// <summary>
/// A service's secret reaches its instances, and its build only when slipway.yml asks (build_secrets); its value never
/// reaches a log, the journal or an API answer. Steps and instances see none of the server's own environment.
/// </summary>
[Collection(Deployments.Name)]
public sealed class SecretsTests(HelloFixture hello)
{
    private const string Value = "s3cr3t-Value-7f1d2c";
    private const string ServerOnly = "SLIPWAY_TEST_SERVER_ONLY";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_secret_reaches_the_build_that_asks_and_the_instance_and_never_a_log_the_journal_or_an_answer()
    {
        Environment.SetEnvironmentVariable(ServerOnly, "leak");
        await using var bed = await TestBed.CreateAsync("secrets", Ct);
        var first = await bed.CommitAsync(bed.Config(hello.Published) with { Build = "exit 3" }, "no secret yet", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);

        var set = await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/API_TOKEN", new { value = Value }, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.DoesNotContain(Value, await set.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var config = bed.Config(hello.Published) with
        {
            Build = $"rm -rf out && cp -r '{hello.Published}' out && echo \"build sees $API_TOKEN\" && printf %s \"$API_TOKEN\" | base64 && env | grep -v '^API_TOKEN=' > out/env.txt",
            Test = "echo \"test sees $API_TOKEN\"",
            Run = "sh -c 'echo \"instance sees $API_TOKEN\"; echo \"server-only=${SLIPWAY_TEST_SERVER_ONLY:-unset}\"; exec dotnet Hello.dll --urls http://127.0.0.1:$PORT'",
            Instances = 1,
            Extra = "build_secrets: [API_TOKEN]\n",
        };
        var commit = await bed.CommitAsync(config, "uses the secret", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);
        Assert.Equal("succeeded", run.Status);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", commit, Ct, TimeSpan.FromSeconds(120));

        // The build and the test step saw the value, and their logs show it masked, in clear and in base64.
        var buildLog = await bed.Api.Http.GetStringAsync($"api/runs/{run.RunId}/logs/build", Ct);
        Assert.Contains("build sees ***", buildLog, StringComparison.Ordinal);
        var testLog = await bed.Api.Http.GetStringAsync($"api/runs/{run.RunId}/logs/test", Ct);
        Assert.Contains("test sees ***", testLog, StringComparison.Ordinal);

        // The build saw none of the server's own environment, and had a HOME of its own.
        var envFile = Directory.GetFiles(bed.DataDirectory, "env.txt", SearchOption.AllDirectories).First();
        var buildEnv = await File.ReadAllTextAsync(envFile, Ct);
        Assert.DoesNotContain(ServerOnly, buildEnv, StringComparison.Ordinal);
        Assert.Contains($"HOME={Path.Combine(Path.GetFullPath(bed.DataDirectory), "home", "hello")}", buildEnv, StringComparison.Ordinal);
        Assert.Contains("SLIPWAY_COMMIT=", buildEnv, StringComparison.Ordinal);

        // The instance got the secret (it prints it, masked in its log) and nothing of the server's environment.
        var instanceLog = await Eventually.GetAsync(
            () => Task.FromResult(string.Join('\n', Directory.GetFiles(bed.DataDirectory, "*.log", SearchOption.AllDirectories)
                .Where(f => f.Contains("agent", StringComparison.Ordinal)).Select(ReadShared))),
            text => text.Contains("instance sees ***", StringComparison.Ordinal),
            "the instance's log shows the masked secret", Ct);
        Assert.Contains("server-only=unset", instanceLog, StringComparison.Ordinal);

        // Nowhere in clear: API answers, the journal's bytes, any file under the data folder but the key ring.
        var answers = new StringBuilder();
        foreach (var path in new[]
        {
            "api/services", "api/services/hello", "api/services/hello/secrets", "api/services/hello/rollouts", "api/services/hello/tests",
            $"api/runs/{run.RunId}", $"api/runs/{run.RunId}/logs/build", $"api/runs/{run.RunId}/logs/test", $"api/rollouts/{rollout.RolloutId}",
        })
        {
            answers.AppendLine(await bed.Api.Http.GetStringAsync(path, Ct));
        }

        Assert.Contains("API_TOKEN", answers.ToString(), StringComparison.Ordinal);
        AssertNoSecret(answers.ToString(), "the API's answers");
        foreach (var file in Directory.GetFiles(bed.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}keys{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.EndsWith(".pipe", StringComparison.Ordinal)))
        {
            AssertNoSecret(Encoding.UTF8.GetString(ReadBytesShared(file)), file);
        }
    }

    [Fact]
    public async Task A_build_gets_no_secret_that_slipway_yml_does_not_ask_for_and_a_missing_one_fails_the_config_step()
    {
        await using var bed = await TestBed.CreateAsync("secrets-opt-in", Ct);
        var first = await bed.CommitAsync(bed.Config(hello.Published) with { Build = "exit 3" }, "no secret yet", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);
        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/API_TOKEN", new { value = Value }, Ct)).EnsureSuccessStatusCode();

        var plain = await bed.CommitAsync(bed.Config(hello.Published) with { Build = "echo \"token=${API_TOKEN:-none}\"; exit 5" }, "does not ask", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", plain, Ct);
        Assert.Contains("token=none", await bed.Api.Http.GetStringAsync($"api/runs/{run.RunId}/logs/build", Ct), StringComparison.Ordinal);

        var missing = await bed.CommitAsync(bed.Config(hello.Published) with { Extra = "build_secrets: [NOT_SET]\n" }, "asks for a missing one", Ct);
        await bed.Api.PushAsync("hello", Ct);
        run = await bed.Api.WaitForRunAsync("hello", missing, Ct);
        Assert.Equal("config", run.FailedStep);
        Assert.Contains("NOT_SET", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Secrets_are_listed_by_name_removed_and_refused_when_their_name_or_value_cannot_be_kept_safe()
    {
        await using var bed = await TestBed.CreateAsync("secrets-api", Ct);
        await bed.CommitAsync(bed.Config(hello.Published) with { Build = "exit 3" }, "never builds", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);

        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/DB_PASSWORD", new { value = Value }, Ct)).EnsureSuccessStatusCode();
        var list = await bed.Api.Http.GetFromJsonAsync<SecretListResponse>("api/services/hello/secrets", SlipwayApi.Json, Ct);
        Assert.Equal(["DB_PASSWORD"], list!.Secrets.Select(s => s.Name));

        Assert.Equal(HttpStatusCode.BadRequest, (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/SHORT", new { value = "abc" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/PATH", new { value = Value }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/not-a-name", new { value = Value }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.Api.Http.PutAsJsonAsync("api/services/nope/secrets/DB_PASSWORD", new { value = Value }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await bed.Api.Http.DeleteAsync("api/services/hello/secrets/DB_PASSWORD", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.Api.Http.DeleteAsync("api/services/hello/secrets/DB_PASSWORD", Ct)).StatusCode);
        list = await bed.Api.Http.GetFromJsonAsync<SecretListResponse>("api/services/hello/secrets", SlipwayApi.Json, Ct);
        Assert.Empty(list!.Secrets);

        // The key ring is the server's user's only.
        var keys = Path.Combine(bed.DataDirectory, "keys");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        Assert.NotEmpty(Directory.GetFiles(keys));
    }

    [Fact]
    public async Task Steps_and_instances_run_as_nobody_by_default_when_the_server_runs_as_root()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Skip("runs only as root: an unprivileged server cannot switch users");
        }

        await using var bed = await TestBed.CreateAsync("run-as", Ct);
        var config = bed.Config(hello.Published) with
        {
            Build = $"rm -rf out && cp -r '{hello.Published}' out && echo \"build uid=$(id -u)\" && touch \"$HOME/written\"",
            Run = "sh -c 'echo \"instance uid=$(id -u)\"; exec dotnet Hello.dll --urls http://127.0.0.1:$PORT'",
            Instances = 1,
        };
        var commit = await bed.CommitAsync(config, "who am I", Ct);
        // No SLIPWAY_RUN_AS: a root server still never runs a commit as root.
        await bed.StartServerAsync(Ct, o => o with { RunAs = null });
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);
        var buildLog = await bed.Api.Http.GetStringAsync($"api/runs/{run.RunId}/logs/build", Ct);
        Assert.Equal("succeeded", run.Status);
        Assert.Contains("build uid=65534", buildLog, StringComparison.Ordinal);
        await bed.Api.WaitForRolloutAsync("hello", commit, Ct, TimeSpan.FromSeconds(120));

        var instanceLog = await Eventually.GetAsync(
            () => Task.FromResult(string.Join('\n', Directory.GetFiles(Path.Combine(bed.DataDirectory, "agent"), "*.log", SearchOption.AllDirectories).Select(ReadShared))),
            text => text.Contains("instance uid=", StringComparison.Ordinal),
            "the instance printed its uid", Ct);
        Assert.Contains("instance uid=65534", instanceLog, StringComparison.Ordinal);
    }

    private static void AssertNoSecret(string text, string where)
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Value));
        Assert.False(text.Contains(Value, StringComparison.Ordinal), $"the secret's value is in {where}");
        Assert.False(text.Contains(base64.TrimEnd('='), StringComparison.Ordinal), $"the secret's base64 is in {where}");
    }

    private static string ReadShared(string path) => Encoding.UTF8.GetString(ReadBytesShared(path));

    private static byte[] ReadBytesShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
