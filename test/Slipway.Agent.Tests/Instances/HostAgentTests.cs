using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Slipway.Agent.Protocol;
using Slipway.Core.Fleet;
using Slipway.TestKit;

namespace Slipway.Agent.Tests.Instances;

/// <summary>The agent with real child processes and a fake server: restarts with backoff, graceful stops, adoption.</summary>
public sealed class HostAgentTests : IDisposable
{
    private readonly TempFolder _folder = TempFolder.Create("agent");
    private readonly FakeServerLink _server = new();
    private readonly string _owner = "t-" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Signals.KillOwnedBy(_owner);
        _folder.Dispose();
    }

    [Fact]
    public async Task A_crashed_instance_is_restarted_after_a_backoff_that_doubles()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var starts = _folder.Combine("starts.txt");
        var agent = NewAgent(time);
        await agent.StartAsync(Ct);
        try
        {
            _server.SetDesired(Spec("crashy", $"sh -c 'echo start >> {starts}; exit 3'"));

            var first = await PumpUntilAsync(time, agent, "crashy", s => s.Restarts == 1, "the first crash");
            Assert.Equal(InstanceStates.Backoff, first.State);
            Assert.Equal(3, first.LastExitCode);
            Assert.Contains("exited with code 3", first.Message, StringComparison.Ordinal);

            // First backoff is 1 s: nothing happens before it, the restart comes after it.
            await SettleAsync();
            time.Advance(TimeSpan.FromMilliseconds(900));
            await SettleAsync();
            Assert.Equal(1, Starts(starts));
            Assert.Equal(1, Status(agent, "crashy")!.Restarts);
            time.Advance(TimeSpan.FromMilliseconds(150));
            await PumpUntilAsync(time, agent, "crashy", s => s.Restarts == 2, "the second crash");
            Assert.Equal(2, Starts(starts));

            // Second backoff is 2 s.
            await SettleAsync();
            time.Advance(TimeSpan.FromMilliseconds(1900));
            await SettleAsync();
            Assert.Equal(2, Starts(starts));
            time.Advance(TimeSpan.FromMilliseconds(150));
            await PumpUntilAsync(time, agent, "crashy", s => s.Restarts == 3, "the third crash");
            Assert.Equal(3, Starts(starts));
        }
        finally
        {
            await DisposeWhilePumpingAsync(agent, time);
        }
    }

    [Fact]
    public async Task An_instance_removed_from_the_desired_state_is_stopped_with_sigterm()
    {
        var terminated = _folder.Combine("terminated.txt");
        var trapped = _folder.Combine("trapped.txt");
        await using var agent = NewAgent(TimeProvider.System);
        await agent.StartAsync(Ct);
        _server.SetDesired(Spec("graceful", $"sh -c 'trap \"echo TERM > {terminated}; exit 0\" TERM; echo up > {trapped}; while :; do sleep 0.1; done'"));
        var running = await Eventually.GetAsync(() => Task.FromResult(Status(agent, "graceful")), s => s?.Pid is not null && s.State is InstanceStates.Starting, "the instance to start", Ct);
        // Only once the shell has set its trap: a SIGTERM before that ends it by default, with nothing written (CI, under load).
        await Eventually.TrueAsync(() => File.Exists(trapped), "the instance to trap SIGTERM", Ct);

        _server.SetDesired();

        await Eventually.TrueAsync(() => !Signals.IsAlive(running!.Pid!.Value), "the instance to stop", Ct);
        Assert.Equal("TERM", (await File.ReadAllTextAsync(terminated, Ct)).Trim());
        await Eventually.TrueAsync(() => Status(agent, "graceful") is null, "the instance to leave the agent's report", Ct);
    }

    [Fact]
    public async Task An_instance_that_ignores_sigterm_is_killed_after_its_stop_timeout()
    {
        await using var agent = NewAgent(TimeProvider.System);
        await agent.StartAsync(Ct);
        _server.SetDesired(Spec("stubborn", "sh -c 'trap \"\" TERM; while :; do sleep 0.1; done'", stopTimeoutSeconds: 0.5));
        var running = await Eventually.GetAsync(() => Task.FromResult(Status(agent, "stubborn")), s => s?.Pid is not null, "the instance to start", Ct);

        _server.SetDesired();

        await Eventually.TrueAsync(() => !Signals.IsAlive(running!.Pid!.Value), "the stubborn instance to be killed", Ct);
    }

    [Fact]
    public async Task An_instance_that_outlives_its_agent_is_adopted_by_the_next_agent_and_not_started_twice()
    {
        var starts = _folder.Combine("starts.txt");
        var spec = Spec("survivor", $"sh -c 'echo start >> {starts}; while :; do sleep 0.1; done'");
        var first = NewAgent(TimeProvider.System, stopInstancesOnShutdown: false);
        await first.StartAsync(Ct);
        _server.SetDesired(spec);
        var running = await Eventually.GetAsync(() => Task.FromResult(Status(first, "survivor")), s => s?.Pid is not null, "the instance to start", Ct);
        await Eventually.TrueAsync(() => File.Exists(_folder.Combine("data", "instances-local.json")) && File.ReadAllText(_folder.Combine("data", "instances-local.json")).Contains("survivor", StringComparison.Ordinal), "the agent to record the instance", Ct);
        await first.DisposeAsync();
        Assert.True(Signals.IsAlive(running!.Pid!.Value));

        await using var second = NewAgent(TimeProvider.System);
        await second.StartAsync(Ct);

        var adopted = await Eventually.GetAsync(() => Task.FromResult(Status(second, "survivor")), s => s?.Pid is not null, "the instance to be adopted", Ct);
        Assert.Equal(running.Pid, adopted!.Pid);
        Assert.Equal(running.Port, adopted.Port);
        Assert.Equal("adopted after agent restart", adopted.Message);
        Assert.Equal(1, Starts(starts));
    }

    [Fact]
    public async Task A_recorded_instance_the_next_agent_no_longer_wants_is_stopped()
    {
        var first = NewAgent(TimeProvider.System, stopInstancesOnShutdown: false);
        await first.StartAsync(Ct);
        _server.SetDesired(Spec("orphan", "sh -c 'while :; do sleep 0.1; done'"));
        var running = await Eventually.GetAsync(() => Task.FromResult(Status(first, "orphan")), s => s?.Pid is not null, "the instance to start", Ct);
        await Eventually.TrueAsync(() => File.Exists(_folder.Combine("data", "instances-local.json")) && File.ReadAllText(_folder.Combine("data", "instances-local.json")).Contains("orphan", StringComparison.Ordinal), "the agent to record the instance", Ct);
        await first.DisposeAsync();

        _server.SetDesired();
        await using var second = NewAgent(TimeProvider.System);
        await second.StartAsync(Ct);

        await Eventually.TrueAsync(() => !Signals.IsAlive(running!.Pid!.Value), "the orphan to be stopped", Ct);
    }

    [Fact]
    public async Task The_agent_reports_each_instance_with_its_version_port_pid_and_state()
    {
        await using var agent = NewAgent(TimeProvider.System);
        await agent.StartAsync(Ct);

        _server.SetDesired(Spec("listener", "sh -c 'exec sleep 600'"));

        var reported = await Eventually.GetAsync(() => Task.FromResult(_server.Status("listener")), s => s?.Pid is not null, "a report of the instance", Ct);
        Assert.Equal("v1", reported!.Version);
        Assert.Equal("svc", reported.Service);
        Assert.NotNull(reported.Port);
        Assert.Equal("local", _server.LastReport!.Host);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_file_release_one_writes_to_its_data_folder_is_there_for_release_two_and_only_its_owner_may_enter()
    {
        await using var agent = NewAgent(TimeProvider.System);
        await agent.StartAsync(Ct);
        var seen = _folder.Combine("seen.txt");
        _server.SetDesired(Spec("svc-r1-1", "sh -c 'echo \"written by $SLIPWAY_VERSION\" > \"$SLIPWAY_DATA_DIR/state.txt\"; exec sleep 600'"));
        var data = _folder.Combine("data", "services", "svc", "data");
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(data, "state.txt")), "release 1 to write into its data folder", Ct);

        _server.SetDesired(Spec("svc-r2-1", $"sh -c 'echo \"$SLIPWAY_DATA_DIR\" > {seen}; cat \"$SLIPWAY_DATA_DIR/state.txt\" >> {seen}; exec sleep 600'", version: "v2"));

        await Eventually.TrueAsync(() => File.Exists(seen) && File.ReadAllLines(seen).Length == 2, "release 2 to read the data folder", Ct);
        var lines = await File.ReadAllLinesAsync(seen, Ct);
        Assert.Equal(data, lines[0]);
        Assert.Equal("written by v1", lines[1]);
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only.");
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(data));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.GetDirectoryName(data)!));
    }

    private HostAgent NewAgent(TimeProvider time, bool stopInstancesOnShutdown = true) => new(
        new AgentOptions { Host = "local", DataDirectory = _folder.Combine("data"), StopInstancesOnShutdown = stopInstancesOnShutdown },
        _server,
        time,
        NullLogger<HostAgent>.Instance);

    private InstanceSpec Spec(string id, string run, double stopTimeoutSeconds = 5, string version = "v1") => new(
        id,
        "svc",
        version,
        _server.Digest,
        "local",
        run,
        ImmutableDictionary<string, string>.Empty.Add("TESTKIT_OWNER", _owner),
        stopTimeoutSeconds);

    private static InstanceStatusV1? Status(HostAgent agent, string id) => agent.Snapshot().FirstOrDefault(s => s.Id == id);

    private static int Starts(string file) => File.Exists(file) ? File.ReadAllLines(file).Length : 0;

    /// <summary>Lets the agent's loops run on real threads, without moving the fake clock.</summary>
    private static Task SettleAsync() => Task.Delay(500, Ct);

    /// <summary>Moves the fake clock in small steps (the supervisor polls every 25 ms) until the condition holds.</summary>
    private static async Task<InstanceStatusV1> PumpUntilAsync(FakeTimeProvider time, HostAgent agent, string id, Func<InstanceStatusV1, bool> condition, string what)
    {
        for (var i = 0; i < 6000; i++)
        {
            if (Status(agent, id) is { } status && condition(status))
            {
                return status;
            }

            time.Advance(TimeSpan.FromMilliseconds(25));
            await Task.Delay(10, Ct);
        }

        throw new TimeoutException($"Waited for {what}.");
    }

    private static async Task DisposeWhilePumpingAsync(HostAgent agent, FakeTimeProvider time)
    {
        var dispose = agent.DisposeAsync().AsTask();
        while (!dispose.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(25));
            await Task.WhenAny(dispose, Task.Delay(10, CancellationToken.None));
        }

        await dispose;
    }
}
