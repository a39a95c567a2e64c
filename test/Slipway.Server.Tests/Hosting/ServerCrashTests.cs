using System.Text.Json;
using Slipway.Server.Api;
using Slipway.Server.Journal;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Hosting;

/// <summary>
/// The server runs as a real child process (`slipway server`), is killed with SIGKILL in the middle of a rollout,
/// and is started again on the same data folder: the journal must carry the rollout to an end without mixing versions
/// or starting any instance twice.
/// </summary>
[Collection(Deployments.Name)]
public sealed class ServerCrashTests(HelloFixture hello)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_killed_during_a_bake_resumes_the_rollout_without_mixing_versions_or_starting_an_instance_twice()
    {
        await using var bed = await TestBed.CreateAsync("crash", Ct);
        var config = bed.Config(hello.Published) with { Instances = 3 };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        var port = FreePort();
        var first = StartServer(bed, port, "server-1.log");
        await using var firstCleanup = first;
        await using var secondCleanup = new Deferred();

        await WaitUntilUpAsync(bed, first, port);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v1, Ct)).Outcome);

        // v2 bakes long enough to be caught in the middle of wave 2's bake.
        var v2 = await bed.CommitAsync(config with { Greeting = "Howdy", Bake = "4s" }, "v2", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var baking = await Eventually.GetAsync(() => WaveTwoBakingAsync(bed), s => s is not null, "wave 2 of v2 to bake", Ct);
        var before = baking!.Fleet.Where(i => i.Pid is not null).ToDictionary(i => i.Id, i => i.Pid!.Value, StringComparer.Ordinal);

        await first.CrashAsync(Ct);

        var survivors = before.Where(p => Signals.IsAlive(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        Assert.NotEmpty(survivors);
        var second = StartServer(bed, port, "server-2.log");
        secondCleanup.Add(second);
        await WaitUntilUpAsync(bed, second, port);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v2, Ct);

        Assert.Contains(rollout.Outcome, new[] { "promoted", "rolled_back" });
        var status = await bed.Api.WaitAsync("hello", s => s.Fleet.All(i => i.State == "listening"), "the fleet to be listening", Ct);
        var winner = rollout.Outcome == "promoted" ? v2 : v1;
        Assert.Equal(3, status.Fleet.Count);
        Assert.All(status.Fleet, i => Assert.Equal(winner, i.Version));
        Assert.All(status.Fleet, i => Assert.True(i.Routed, $"{i.Id} is not routed"));

        // Every instance that was running before the crash and is still wanted kept its process: it was adopted, not restarted.
        foreach (var instance in status.Fleet.Where(i => survivors.ContainsKey(i.Id)))
        {
            Assert.Equal(survivors[instance.Id], instance.Pid);
        }

        // No instance id runs as two processes at once.
        Assert.All(InstanceProcesses(bed.Owner).GroupBy(p => p.InstanceId), g => Assert.Single(g));

        // The instances that were retired stop (gracefully, so maybe not at once); then exactly the fleet runs.
        foreach (var (id, pid) in survivors.Where(s => status.Fleet.All(i => i.Id != s.Key)))
        {
            await Eventually.TrueAsync(() => !Signals.IsAlive(pid), $"the retired instance {id} (pid {pid}) to stop", Ct);
        }

        await Eventually.TrueAsync(() => InstanceProcesses(bed.Owner).Count == status.Fleet.Count, "only the fleet's instances to run", Ct);
        var running = InstanceProcesses(bed.Owner);
        Assert.Equal(status.Fleet.Select(i => i.Id).Order(StringComparer.Ordinal), running.Select(p => p.InstanceId).Order(StringComparer.Ordinal));
        Assert.All(running, p => Assert.Equal(status.Fleet.Single(i => i.Id == p.InstanceId).Pid, p.Pid));

        var records = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bed.DataDirectory, "agent", "instances-local.json"), Ct));
        Assert.All(records.RootElement.EnumerateArray(), r => Assert.Contains(status.Fleet, i => i.Id == r.GetProperty("Id").GetString() && i.Pid == r.GetProperty("Pid").GetInt32()));
    }

    [Fact]
    public async Task A_server_killed_between_pipeline_succeeded_and_rollout_started_deploys_that_release_after_restart_without_building_it_again()
    {
        await using var bed = await TestBed.CreateAsync("crash-built", Ct);

        // The first server dies the moment v2's PipelineSucceeded is durable, before it can journal RolloutStarted.
        await using var first = await StartWithV1PromotedAsync(bed, crashAfter: "PipelineSucceeded#2");
        var (config, port) = (first.Config, first.Port);
        var v2 = await bed.CommitAsync(config with { Greeting = "Howdy" }, "v2", Ct);
        await bed.Api.PushAsync("hello", Ct);
        await Eventually.TrueAsync(() => first.Server.HasExited, "the server to kill itself after v2 was built", Ct);
        Assert.Contains("killed after PipelineSucceeded #2", first.Server.Log, StringComparison.Ordinal);

        await using var second = await RestartAsync(bed, port);
        var status = await bed.Api.WaitAsync("hello", s => s.Service.ProductionVersion == v2 && s.Service.ActiveRollout is null, "v2 to be promoted after the restart", Ct);

        Assert.Single(status.Runs, r => r.Commit == v2);
        Assert.Equal("succeeded", status.Runs.Single(r => r.Commit == v2).Status);
        Assert.Single(status.Rollouts, r => r.Version == v2);
        Assert.Equal("push", status.Rollouts.Single(r => r.Version == v2).Trigger);
        await bed.Api.WaitAsync("hello", s => s.Fleet.Count == 2 && s.Fleet.All(i => i.Version == v2 && i.Routed), "only v2 to serve", Ct);
    }

    [Fact]
    public async Task A_server_killed_right_after_a_manual_rollback_request_rolls_back_after_restart()
    {
        await using var bed = await TestBed.CreateAsync("crash-rollback", Ct);
        await using var first = await StartWithV1PromotedAsync(bed, crashAfter: "DeployRequested");
        var (config, port, v1) = (first.Config, first.Port, first.V1);
        var v2 = await bed.CommitAsync(config with { Greeting = "Howdy" }, "v2", Ct);
        await bed.Api.PushAsync("hello", Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v2, Ct)).Outcome);

        // The request is journaled, then the server dies before it answers or acts on it.
        try
        {
            using var response = await bed.Api.Http.PostAsync("api/services/hello/rollback", null, Ct);
        }
        catch (HttpRequestException)
        {
        }

        await Eventually.TrueAsync(() => first.Server.HasExited, "the server to kill itself after the rollback request", Ct);
        await using var second = await RestartAsync(bed, port);
        var status = await bed.Api.WaitAsync("hello", s => s.Service.ProductionVersion == v1 && s.Service.ActiveRollout is null, "v1 to be back in production", Ct);

        var rollback = Assert.Single(status.Rollouts, r => r.Trigger == "rollback");
        Assert.Equal((v1, "promoted"), (rollback.Version, rollback.Outcome));
        Assert.Single(status.Runs, r => r.Commit == v1);
        await bed.Api.WaitAsync("hello", s => s.Fleet.Count == 2 && s.Fleet.All(i => i.Version == v1 && i.Routed), "only v1 to serve", Ct);
    }

    [Fact]
    public async Task A_server_killed_after_a_failed_watch_window_redeploys_the_previous_release_after_restart()
    {
        await using var bed = await TestBed.CreateAsync("crash-watch", Ct);
        await using var first = await StartWithV1PromotedAsync(bed);
        var (config, port, v1) = (first.Config, first.Port, first.V1);
        var v2 = await bed.CommitAsync(config with { Greeting = "Howdy" }, "v2", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var promoted = await bed.Api.WaitForRolloutAsync("hello", v2, Ct);
        Assert.Equal("promoted", promoted.Outcome);
        await first.Server.CrashAsync(Ct);

        // What the watch window journals when v2 regresses, and then the server dies: the journal ends in WatchFailed.
        await using (var store = new SqliteJournalStore(Path.Combine(bed.DataDirectory, "journal.db")))
        {
            await store.InitializeAsync(Ct);
            var failed = new Core.Journal.WatchFailed("hello", promoted.RolloutId, v2, "error ratio 5.0% vs 0.0%", null);
            await store.AppendAsync([EventSerializer.ToRecord(failed, DateTimeOffset.UnixEpoch)], Ct);
        }

        await using var second = await RestartAsync(bed, port);
        var status = await bed.Api.WaitAsync("hello", s => s.Service.ProductionVersion == v1 && s.Service.ActiveRollout is null, "v1 to be redeployed", Ct);

        var redeploy = Assert.Single(status.Rollouts, r => r.Trigger == "watch");
        Assert.Equal((v1, "promoted"), (redeploy.Version, redeploy.Outcome));
        Assert.Contains(v2, status.Service.RolledBackVersions);
        await bed.Api.WaitAsync("hello", s => s.Fleet.Count == 2 && s.Fleet.All(i => i.Version == v1 && i.Routed), "only v1 to serve", Ct);
    }

    [Fact]
    public async Task A_server_sent_sigterm_stops_leaving_its_instances_serving_and_the_next_start_adopts_them()
    {
        await using var bed = await TestBed.CreateAsync("sigterm", Ct);
        await using var first = await StartWithV1PromotedAsync(bed);
        var (config, port, v1) = (first.Config, first.Port, first.V1);
        var before = (await bed.Api.WaitAsync("hello", s => s.Fleet.All(i => i.Pid is not null), "pids", Ct)).Fleet.ToDictionary(i => i.Id, i => i.Pid!.Value, StringComparer.Ordinal);

        Signals.Send(first.Server.Pid, Signals.SigTerm);

        await Eventually.TrueAsync(() => first.Server.HasExited, "the server to stop on SIGTERM", Ct);
        Assert.Contains("slipway server stopped", first.Server.Log, StringComparison.Ordinal);
        Assert.All(before, p => Assert.True(Signals.IsAlive(p.Value), $"{p.Key} (pid {p.Value}) stopped with the server"));
        await using var second = await RestartAsync(bed, port);
        var status = await bed.Api.WaitAsync("hello", s => s.Fleet.Count == 2 && s.Fleet.All(i => i.State == "listening"), "the fleet to be listening", Ct);
        Assert.All(status.Fleet, i => Assert.Equal(before[i.Id], i.Pid));
    }

    /// <summary>
    /// A `slipway server` child process (dying at <paramref name="crashAfter"/>, if given) with service "hello"
    /// registered and its v1 promoted on 2 instances.
    /// </summary>
    private async Task<Started> StartWithV1PromotedAsync(TestBed bed, string? crashAfter = null)
    {
        var config = bed.Config(hello.Published) with { Instances = 2 };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        var port = FreePort();
        var server = StartServer(bed, port, "server-1.log", crashAfter);
        try
        {
            await WaitUntilUpAsync(bed, server, port);
            await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
            Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v1, Ct)).Outcome);
            return new Started(server, config, port, v1);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again on the same data folder and port, and waits until it answers.</summary>
    private static async Task<ChildProcess> RestartAsync(TestBed bed, int port)
    {
        var server = StartServer(bed, port, "server-2.log");
        try
        {
            await WaitUntilUpAsync(bed, server, port);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The service's status if its rollout is in wave 2's bake (wave 2 routed, not yet baked), else null.</summary>
    private static async Task<ServiceStatus?> WaveTwoBakingAsync(TestBed bed)
    {
        var status = await bed.Api.StatusAsync("hello", Ct);
        if (status.Service.ActiveRollout is not { } id)
        {
            return null;
        }

        // Wave 2 starts ahead, during wave 1's bake; it bakes once wave 1 has completed and wave 2 got its traffic.
        var timeline = (await bed.Api.RolloutAsync(id, Ct)).Timeline.ToList();
        static int? Wave(TimelineEntry t) => ((JsonElement)t.Event).TryGetProperty("wave", out var w) ? w.GetInt32() : null;
        var firstCompleted = timeline.FindIndex(t => t.Type == "WaveCompleted" && Wave(t) == 0);
        var baking = firstCompleted >= 0
            && timeline.Skip(firstCompleted).Any(t => t.Type == "InstancesRouted")
            && !timeline.Any(t => (t.Type == "WaveBaked" && Wave(t) == 1) || t.Type is "RollbackRequested" or "RollbackStarted");
        return baking ? status : null;
    }

    private static ChildProcess StartServer(TestBed bed, int port, string log, string? crashAfter = null) =>
        SlipwayProcess.StartServer(
            bed,
            SlipwayProcess.Loopback(port),
            log,
            crashAfter is null ? null : new Dictionary<string, string> { ["SLIPWAY_FAULT_CRASH_AFTER"] = crashAfter });

    private static Task WaitUntilUpAsync(TestBed bed, ChildProcess server, int port) =>
        SlipwayProcess.WaitUntilUpAsync(bed, server, SlipwayProcess.Loopback(port));

    private static int FreePort() => SlipwayProcess.FreePort();

    private static List<(int Pid, string InstanceId)> InstanceProcesses(string owner)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || !Signals.IsAlive(pid))
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                var id = environ.FirstOrDefault(e => e.StartsWith("SLIPWAY_INSTANCE_ID=", StringComparison.Ordinal));
                if (id is not null && environ.Contains($"TESTKIT_OWNER={owner}"))
                {
                    found.Add((pid, id["SLIPWAY_INSTANCE_ID=".Length..]));
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private sealed record Started(ChildProcess Server, HelloConfig Config, int Port, string V1) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    /// <summary>Disposes a child process added later, when the test ends.</summary>
    private sealed class Deferred : IAsyncDisposable
    {
        private ChildProcess? _process;

        public void Add(ChildProcess process) => _process = process;

        public async ValueTask DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }
    }
}
