using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Core.Fleet;
using Slipway.Core.Journal;
using Slipway.Core.Judge;
using Slipway.Server.Immune;
using Slipway.Server.Journal;
using Slipway.Server.Metrics;
using Slipway.Server.Rollouts;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Immune;

/// <summary>
/// The watch window after promotion: the promoted release, on all its instances, against the previous release's
/// behaviour recorded at the last bake. A regression journals WatchFailed (the coordinator then redeploys the
/// previous release); a release that behaves journals WatchPassed.
/// </summary>
public sealed class ReleaseWatchTests : IAsyncLifetime
{
    private const string Yaml = """
        build: [ "true" ]
        artifact: out
        run: ./app $PORT
        bake: 300ms
        judge: { max_bake_extension: 2s, not_enough_data: rollback, watch_window: 4s }
        """;

    private ImmuneBed? _bed;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EventJournal Journal => _bed!.Journal;

    public async ValueTask InitializeAsync()
    {
        _bed = await ImmuneBed.CreateAsync("release-watch", ("new-1", "v2"), ("new-2", "v2"), ("base-1", "v1"), ("old-1", "v1"));
        await Journal.AppendAsync(
            [
                new ServiceRegistered("hello", "/repos/hello", "main", 0, 60),
                new RolloutStarted("hello", "hello-r2", "v2", "sha256:2", "v1", "sha256:1", 2, [1, 1], ["old-1"], "push", Yaml, Yaml),
                new InstancesAdded("hello", [Spec("new-1", "v2"), Spec("new-2", "v2")]),
            ],
            CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bed is not null)
        {
            await _bed.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_promoted_release_that_starts_failing_is_caught_in_the_watch_window_with_evidence()
    {
        var gate = await BakedGateAsync();
        var watch = Watch(new ScriptedMetricSource(id => id.StartsWith("new", StringComparison.Ordinal) ? 0.05 : 0.001), gate);

        var regressed = await watch.WatchAsync("hello-r2", Ct);

        Assert.True(regressed);
        var failed = Assert.Single(Journal.Read(s => s.Rollouts["hello-r2"].Timeline.Select(t => t.Event).OfType<WatchFailed>().ToList()));
        Assert.Equal("v2", failed.Version);
        Assert.Contains("error ratio", failed.Summary, StringComparison.Ordinal);
        using var evidence = JsonDocument.Parse(failed.EvidenceJson!);
        Assert.Equal("rollback", evidence.RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task A_promoted_release_that_behaves_like_the_previous_one_passes_the_watch()
    {
        var gate = await BakedGateAsync();
        var watch = Watch(new ScriptedMetricSource(_ => 0.001), gate);

        var regressed = await watch.WatchAsync("hello-r2", Ct);

        Assert.False(regressed);
        Assert.Single(Journal.Read(s => s.Rollouts["hello-r2"].Timeline.Select(t => t.Event).OfType<WatchPassed>().ToList()));
    }

    [Fact]
    public async Task A_promoted_release_slower_than_the_reference_recorded_at_the_last_bake_is_not_rolled_back_on_latency()
    {
        // The machine got busier after the bake: every request of the new release takes three times as long as the
        // recorded baseline's did. The reference is not concurrent, so latency only reports; errors would still decide.
        var slower = new ScriptedMetricSource(_ => 0.001, histogramOf: (_, n) => ScriptedMetricSource.FrontDoorLogNormal(n, 0.006, 0.5));
        var baked = new ScriptedMetricSource(_ => 0.001, histogramOf: (_, n) => ScriptedMetricSource.FrontDoorLogNormal(n, 0.002, 0.5));
        var gate = await BakedGateAsync(baked);

        var regressed = await Watch(slower, gate).WatchAsync("hello-r2", Ct);

        Assert.False(regressed);
        var passed = Assert.Single(Journal.Read(s => s.Rollouts["hello-r2"].Timeline.Select(t => t.Event).OfType<WatchPassed>().ToList()));
        Assert.Contains(SequentialJudge.WatchLatencyNote, passed.Summary, StringComparison.Ordinal);
        using var evidence = JsonDocument.Parse(passed.EvidenceJson!);
        var p99 = evidence.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "p99 latency");
        Assert.False(p99.GetProperty("critical").GetBoolean());
        Assert.Equal("OverLimitSignificant", p99.GetProperty("case").GetString());
    }

    [Fact]
    public async Task A_watch_cut_short_by_a_restart_starts_again_against_the_journaled_reference()
    {
        var gate = await BakedGateAsync();
        var failing = new ScriptedMetricSource(id => id.StartsWith("new", StringComparison.Ordinal) ? 0.05 : 0.001);
        using (var crash = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var first = Watch(failing, gate).WatchAsync("hello-r2", crash.Token);
            await Eventually.TrueAsync(() => Journal.Read(s => s.Rollouts["hello-r2"].OpenWatch is not null), "the watch to journal its reference", Ct);
            await crash.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        }

        // The restarted server: a journal read back from the store, and a gate that remembers no bake.
        var restarted = new EventJournal(_bed!.Store, TimeProvider.System);
        await restarted.LoadAsync(Ct);
        var forgetfulGate = Gate(new ScriptedMetricSource(_ => 0.001));
        var regressed = await new ReleaseWatch(restarted, failing, forgetfulGate, TimeProvider.System, NullLogger<ReleaseWatch>.Instance).WatchAsync("hello-r2", Ct);

        Assert.True(regressed);
        Assert.Single(restarted.Read(s => s.Rollouts["hello-r2"].Timeline.Select(t => t.Event).OfType<WatchFailed>().ToList()));
        Assert.Null(restarted.Read(s => s.Rollouts["hello-r2"].OpenWatch));
    }

    [Fact]
    public async Task Without_a_recorded_bake_there_is_no_verdict_but_the_window_still_passes_journaled_so_waiting_contracts_can_run()
    {
        var gate = Gate(new ScriptedMetricSource(_ => 0.001));
        var watch = Watch(new ScriptedMetricSource(_ => 0.5), gate);

        var regressed = await watch.WatchAsync("hello-r2", Ct);

        Assert.False(regressed);
        var events = Journal.Read(s => s.Rollouts["hello-r2"].Timeline.Select(t => t.Event).Where(e => e is WatchStarted or WatchPassed or WatchFailed).ToList());
        Assert.Collection(events,
            e => Assert.Equal("null", Assert.IsType<WatchStarted>(e).ReferenceJson),
            e => Assert.Contains("no baseline from the last bake to compare with: the 4 s window passed", Assert.IsType<WatchPassed>(e).Summary, StringComparison.Ordinal));
    }

    // A healthy bake of the wave records the old version's behaviour, which the watch compares with.
    private async Task<JudgeBakeGate> BakedGateAsync(IMetricSource? source = null)
    {
        var gate = Gate(source ?? new ScriptedMetricSource(_ => 0.001));
        var verdict = await gate.BakeAsync(
            new BakeContext("hello", "hello-r2", 0, "v2", "v1", ["new-1"], ["new-1"], ["base-1"], ["old-1"], TimeSpan.FromMilliseconds(300), Yaml),
            Ct);
        Assert.Equal(GateAction.Promote, verdict.Decision);
        return gate;
    }

    private JudgeBakeGate Gate(IMetricSource source) => _bed!.Gate(source);

    private ReleaseWatch Watch(IMetricSource source, JudgeBakeGate gate) =>
        new(Journal, source, gate, TimeProvider.System, NullLogger<ReleaseWatch>.Instance);

    private static InstanceSpec Spec(string id, string version) =>
        new(id, "hello", version, $"sha256:{version}", "local", "./app", new Dictionary<string, string>(), 5);
}
