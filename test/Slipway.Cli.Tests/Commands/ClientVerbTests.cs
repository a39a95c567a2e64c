using Slipway.Core.Journal;
using Slipway.TestKit;

namespace Slipway.Cli.Tests.Commands;

/// <summary>The client verbs against a real in-process server, with a service whose instance never starts listening,
/// so its first rollout stays in its self-test while the verbs run.</summary>
public sealed class ClientVerbTests(ClientVerbTests.RollingServer server) : IClassFixture<ClientVerbTests.RollingServer>
{
    private string Url => server.Bed.Api.Server.ToString();

    private string AdminToken => server.Bed.AdminToken!;

    [Fact]
    public async Task Status_lists_every_service_with_its_front_door_and_rollout()
    {
        var run = await CliRun.RunAsync("status", "--server", Url, "--token", AdminToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("hello: production none, 1 instance(s)", line, StringComparison.Ordinal);
        Assert.Contains("rolling out (hello-r1)", line, StringComparison.Ordinal);
        Assert.Contains("front door http://127.0.0.1:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_a_service_shows_its_fleet_rollouts_and_runs()
    {
        var run = await CliRun.RunAsync("status", "hello", "--server", Url, "--token", AdminToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("fleet:\n  hello-r1-1", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Matches($@"rollouts:\s+hello-r1\s+{server.Commit[..7]}\s+in_progress", run.Stdout);
        Assert.Matches($@"runs:\s+hello-1\s+{server.Commit[..7]}\s+succeeded", run.Stdout);
    }

    [Fact]
    public async Task Status_of_a_rollout_shows_its_current_step()
    {
        var run = await CliRun.RunAsync("status", "hello", "--server", Url, "--token", AdminToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"hello-r1\s+\w{7}\s+in_progress \[wave 1/1: self-test\]", run.Stdout);
    }

    [Fact]
    public async Task Status_json_prints_the_apis_view_of_a_service_and_of_the_list()
    {
        var one = await CliRun.RunAsync("status", "hello", "--json", "--server", Url, "--token", AdminToken);
        var all = await CliRun.RunAsync("status", "--json", "--server", Url, "--token", AdminToken);

        Assert.True(one.ExitCode == 0, one.ToString());
        using var status = System.Text.Json.JsonDocument.Parse(one.Stdout);
        Assert.Equal("hello", status.RootElement.GetProperty("service").GetProperty("name").GetString());
        var rollout = status.RootElement.GetProperty("rollouts")[0];
        Assert.Equal("in_progress", rollout.GetProperty("outcome").GetString());
        Assert.Equal("wave 1/1: self-test", rollout.GetProperty("currentStep").GetString());
        Assert.Equal("hello-r1-1", status.RootElement.GetProperty("fleet")[0].GetProperty("id").GetString());
        Assert.True(all.ExitCode == 0, all.ToString());
        using var list = System.Text.Json.JsonDocument.Parse(all.Stdout);
        Assert.Equal("hello", Assert.Single(list.RootElement.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Status_json_of_an_unknown_service_prints_the_problem_and_exits_1()
    {
        var run = await CliRun.RunAsync("status", "nope", "--json", "--server", Url, "--token", AdminToken);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Equal("404 Unknown service: No service named 'nope'.", run.Stderr.Trim());
    }

    [Fact]
    public async Task Status_of_an_unknown_service_prints_the_problem_and_exits_1()
    {
        var run = await CliRun.RunAsync("status", "nope", "--server", Url, "--token", AdminToken);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("404 Unknown service: No service named 'nope'.", run.Stderr.Trim());
    }

    [Fact]
    public async Task Deploy_while_a_rollout_runs_is_refused_with_the_problem_detail()
    {
        var run = await CliRun.RunAsync("deploy", "hello", server.Commit, "--server", Url, "--token", AdminToken);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("409 Rollout in progress: Service 'hello' is rolling out", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("deploy refused", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Removing_a_service_while_it_rolls_out_is_refused_and_changes_nothing()
    {
        var run = await CliRun.RunAsync("services", "remove", "hello", "--server", Url, "--token", AdminToken);
        var status = await CliRun.RunAsync("status", "hello", "--server", Url, "--token", AdminToken);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("409 Rollout in progress: Service 'hello' is rolling out", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("remove refused", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
    }

    [Fact]
    public async Task Pausing_and_resuming_print_what_happened()
    {
        var pause = await CliRun.RunAsync("pause", "hello", "--server", Url, "--token", AdminToken);
        var paused = await CliRun.RunAsync("status", "--server", Url, "--token", AdminToken);
        var resume = await CliRun.RunAsync("resume", "hello", "--server", Url, "--token", AdminToken);

        Assert.Equal("hello: paused: no new wave starts until resumed", pause.Stdout.Trim());
        Assert.Contains("hello [paused]:", paused.Stdout, StringComparison.Ordinal);
        Assert.Equal("hello: resumed", resume.Stdout.Trim());
    }

    [Fact]
    public async Task Pause_and_resume_are_journaled_with_the_tokens_name_and_the_users_name_not_api()
    {
        var journal = server.Bed.Server!.Journal;
        var seen = new List<SlipwayEvent>();
        void Record(SlipwayEvent e, DateTimeOffset at)
        {
            lock (seen)
            {
                seen.Add(e);
            }
        }

        journal.Appended += Record;
        try
        {
            Assert.Equal(0, (await CliRun.RunAsync("pause", "hello", "--server", Url, "--token", AdminToken)).ExitCode);
            Assert.Equal(0, (await CliRun.RunAsync("resume", "hello", "--server", Url, "--token", AdminToken)).ExitCode);
        }
        finally
        {
            journal.Appended -= Record;
        }

        lock (seen)
        {
            Assert.Equal($"admin ({ApiClient.Caller})", Assert.Single(seen.OfType<ServicePaused>()).By);
            Assert.Equal($"admin ({ApiClient.Caller})", Assert.Single(seen.OfType<ServiceResumed>()).By);
        }

        Assert.StartsWith("cli", ApiClient.Caller, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_without_a_new_commit_says_so()
    {
        var run = await CliRun.RunAsync("push", "hello", "--server", Url, "--token", AdminToken);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello: no new commit", run.Stdout.Trim());
    }

    [Fact]
    public async Task Adding_a_service_twice_prints_the_conflict()
    {
        var run = await CliRun.RunAsync("services", "add", "hello", server.Bed.Repository.Path, "--server", Url, "--token", AdminToken);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("409 Service exists:", run.Stderr, StringComparison.Ordinal);
    }

    public sealed class RollingServer : IAsyncLifetime
    {
        public TestBed Bed { get; private set; } = null!;

        public string Commit { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            Bed = await TestBed.CreateAsync("cli", ct);
            var config = new HelloConfig { Owner = Bed.Owner, Build = "mkdir -p out && echo app > out/app.txt", Run = "sleep 600", Instances = 1, SelfTestTimeout = "10m" };
            Commit = await Bed.CommitAsync(config, "never listens", ct);
            await Bed.StartServerAsync(ct);
            var add = await CliRun.RunAsync("services", "add", "hello", Bed.Repository.Path, "--poll", "3600", "--server", Bed.Api.Server.ToString(), "--token", Bed.AdminToken!);
            Assert.True(add.ExitCode == 0, add.ToString());
            await Bed.Api.WaitAsync("hello", s => s.Service.ActiveRollout is not null && s.Fleet.Count == 1, "the rollout to start", ct);
        }

        public async ValueTask DisposeAsync() => await Bed.DisposeAsync();
    }
}
