using System.Text.Json;
using Slipway.Core.Journal;
using Slipway.TestKit;

namespace Slipway.Cli.Tests.Commands;

/// <summary>
/// The verbs that follow a service through its lifecycle (deploy --wait, rollback, history, logs, services list and
/// remove), against a real server deploying the sample: v1 and then v2 promoted before each test.
/// </summary>
[Collection(PromotedServerCollection.Name)]
public sealed class LifecycleVerbTests(LifecycleVerbTests.PromotedServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deploying_the_version_already_in_production_is_refused_not_queued()
    {
        var production = (await server.Bed.Api.StatusAsync("hello", Ct)).Service.ProductionVersion!;

        var run = await server.RunAsync("deploy", "hello", production);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("409 Already in production:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing to deploy", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Rollback_prints_the_rollout_it_started_and_deploy_wait_exits_0_once_promoted()
    {
        var before = await server.Bed.Api.StatusAsync("hello", Ct);
        var production = before.Service.ProductionVersion!;
        var previous = before.Rollouts.First(r => r.Outcome == "promoted" && r.Version != production).Version;

        var rollback = await server.RunAsync("rollback", "hello");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        var started = Assert.Single(System.Text.RegularExpressions.Regex.Matches(rollback.Stdout, @"rollout (hello-r\d+)")).Groups[1].Value;
        Assert.Equal($"hello: rollback to {previous[..7]} started as rollout {started}", rollback.Stdout.Trim());
        var back = await server.Bed.Api.WaitAsync("hello", s => s.Rollouts.Any(r => r.RolloutId == started && r.Outcome == "promoted"), "the rollback's rollout to be promoted", Ct);
        Assert.Equal("rollback", back.Rollouts.Single(r => r.RolloutId == started).Trigger);

        var deploy = await server.RunAsync("deploy", "hello", production, "--wait", "--timeout", "600");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Matches(@"^hello: deploy of [0-9a-f]{7} \(built by hello-\d+\) started as rollout hello-r\d+", deploy.Stdout);
        Assert.Matches(@"hello: rollout hello-r\d+ promoted", deploy.Stdout);
        var after = await server.Bed.Api.StatusAsync("hello", Ct);
        Assert.Equal(production, after.Service.ProductionVersion);
        Assert.Equal("deploy", after.Rollouts.First().Trigger);

        var history = await server.RunAsync("history", "hello");
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Matches($@"rollout\s+{started}\s+{previous[..7]}\s+rollback\s+promoted", history.Stdout);
        Assert.Matches(@"run\s+hello-1\s+[0-9a-f]{7}\s+push\s+succeeded", history.Stdout);
        Assert.Matches(@"release\s+hello@[0-9a-f]{7}", history.Stdout);
    }

    [Fact]
    public async Task Deploy_wait_exits_1_when_the_commit_is_rolled_back_and_json_says_so()
    {
        var broken = await server.Bed.CommitAsync(server.Config with { Greeting = string.Empty }, "v3: greeting setting lost", Ct);

        var deploy = await server.RunAsync("deploy", "hello", broken, "--wait", "--timeout", "600", "--json");

        Assert.True(deploy.ExitCode == 1, deploy.ToString());
        using var outcome = JsonDocument.Parse(deploy.Stdout);
        Assert.Equal("rolled_back", outcome.RootElement.GetProperty("outcome").GetString());
        Assert.Matches(@"^hello-r\d+$", outcome.RootElement.GetProperty("rolloutId").GetString());
        Assert.Matches(@"^hello-\d+$", outcome.RootElement.GetProperty("runId").GetString());
        Assert.Contains("(selftest)", outcome.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_print_each_step_and_one_step_alone()
    {
        var all = await server.RunAsync("logs", "hello-1");
        var build = await server.RunAsync("logs", "hello-1", "build");
        var json = await server.RunAsync("logs", "hello-1", "build", "--json");
        var missing = await server.RunAsync("logs", "hello-1", "deploy");
        var unknown = await server.RunAsync("logs", "hello-999");

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.StartsWith("run hello-1: ", all.Stdout, StringComparison.Ordinal);
        Assert.Contains("(push), succeeded", all.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"== build: ok in \d+\.\d s", all.Stdout);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("== build", build.Stdout, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal("hello-1", doc.RootElement.GetProperty("run").GetProperty("runId").GetString());
            Assert.Equal("build", Assert.Single(doc.RootElement.GetProperty("steps").EnumerateArray()).GetProperty("step").GetString());
        }

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("run hello-1 has no step 'deploy'; its steps: ", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("404 Unknown run", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_of_an_unknown_service_is_a_404_and_json_lists_entries_with_glossary_kinds()
    {
        var unknown = await server.RunAsync("history", "nosuch");
        var json = await server.RunAsync("history", "hello", "--json");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("404 Unknown service: No service named 'nosuch'.", unknown.Stderr.Trim());
        using var doc = JsonDocument.Parse(json.Stdout);
        var kinds = doc.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToHashSet();
        Assert.Equal(["release", "rollout", "run"], kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Services_list_shows_each_service_and_remove_stops_its_instances_and_front_door()
    {
        var add = await server.RunAsync("services", "add", "bye", server.Bed.Repository.Path, "--branch", "stable", "--poll", "3600");
        Assert.True(add.ExitCode == 0, add.ToString());
        var bye = await server.Bed.Api.WaitAsync("bye", s => s.Rollouts.Any(r => r.Outcome == "promoted") && s.Fleet.Count > 0, "bye to be promoted", Ct);
        var frontDoor = new Uri(bye.Service.FrontDoor);

        var list = await server.RunAsync("services", "list");
        var listJson = await server.RunAsync("services", "list", "--json");
        var removed = new TaskCompletionSource<ServiceRemoved>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAppended(SlipwayEvent e, DateTimeOffset at)
        {
            if (e is ServiceRemoved r && r.Service == "bye")
            {
                removed.TrySetResult(r);
            }
        }

        server.Bed.Server!.Journal.Appended += OnAppended;
        CliRun remove;
        try
        {
            remove = await server.RunAsync("services", "remove", "bye");
        }
        finally
        {
            server.Bed.Server!.Journal.Appended -= OnAppended;
        }

        var again = await server.RunAsync("services", "remove", "bye", "--json");
        var status = await server.RunAsync("status", "bye");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.StartsWith("2 service(s)", list.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\nbye\s+/", list.Stdout);
        using (var doc = JsonDocument.Parse(listJson.Stdout))
        {
            Assert.Equal(["bye", "hello"], doc.RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        }

        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal("bye: removed by admin (" + ApiClient.Caller + "): 1 instance(s) stopping, front door closed", remove.Stdout.Trim());
        Assert.Equal("admin (" + ApiClient.Caller + ")", (await removed.Task.WaitAsync(TimeSpan.FromMinutes(2), Ct)).By);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("404 Unknown service", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, status.ExitCode);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(frontDoor, Ct));
        await Eventually.TrueAsync(() => !server.Bed.Server!.Journal.Read(s => s.Fleet.ForService("bye").Any()), "bye's instances to leave the fleet", Ct);
    }

    [Fact]
    public async Task Removing_a_service_needs_an_admin_token()
    {
        var deployer = await server.RunAsync("tokens", "create", "deployer-for-remove", "--scope", "deploy");
        Assert.True(deployer.ExitCode == 0, deployer.ToString());
        var token = deployer.Stdout.Trim();

        var remove = await CliRun.RunAsync("services", "remove", "hello", "--server", server.Url, "--token", token);

        Assert.Equal(1, remove.ExitCode);
        Assert.StartsWith("403 ", remove.Stderr, StringComparison.Ordinal);
    }

    public sealed class PromotedServer : IAsyncLifetime
    {
        private readonly TempFolder _published = TempFolder.Create("cli-hello-published");

        public TestBed Bed { get; private set; } = null!;

        public HelloConfig Config { get; private set; } = null!;

        public string Url => Bed.Api.Server.ToString();

        internal Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync([.. args, "--server", Url, "--token", Bed.AdminToken!]);

        public async ValueTask InitializeAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            var published = await HelloSample.PublishAsync(_published.Path, ct);
            Bed = await TestBed.CreateAsync("cli-lifecycle", ct);
            Config = Bed.Config(published) with { Instances = 1 };
            var v1 = await Bed.CommitAsync(Config, "v1", ct);
            await Bed.StartServerAsync(ct);
            await Bed.Api.RegisterAsync("hello", Bed.Repository.Path, ct);
            Assert.Equal("promoted", (await Bed.Api.WaitForRolloutAsync("hello", v1, ct)).Outcome);
            var v2 = await Bed.CommitAsync(Config with { Greeting = "Howdy" }, "v2", ct);
            await Bed.Api.PushAsync("hello", ct);
            Assert.Equal("promoted", (await Bed.Api.WaitForRolloutAsync("hello", v2, ct)).Outcome);

            // A branch that stays on a good commit whatever the tests commit on main later.
            await Shell.RunAsync("git", Bed.Repository.Path, ["branch", "stable", v2], ct);
        }

        public async ValueTask DisposeAsync()
        {
            await Bed.DisposeAsync();
            _published.Dispose();
        }
    }
}
