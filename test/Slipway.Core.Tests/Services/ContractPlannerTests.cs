using Slipway.Core.Journal;
using Slipway.Core.Services;

namespace Slipway.Core.Tests.Services;

/// <summary>
/// When a contract migration runs, decided by the planner from the journal alone: never in the release's own rollout,
/// only after that release is promoted and its watch window passed (or a person acknowledged it after the promotion),
/// never for a release that was rolled back, and after a crash exactly where the journal says.
/// </summary>
public sealed class ContractPlannerTests
{
    private const string Drop = "contract/003_drop_name.sql";

    [Fact]
    public void A_contract_waits_through_its_rollout_and_promotion_and_runs_only_after_the_watch_window_passed()
    {
        var script = new LifecycleScript();
        Release(script, "v1");
        var runId = Release(script, "v2", Drop);

        Assert.IsType<ServiceAction.StartRollout>(script.Step());
        Assert.IsType<ServiceAction.ResumeRollout>(script.Next());
        script.Step();
        var waiting = Assert.Single(script.State.Contracts);
        Assert.True(waiting.Promoted);
        Assert.False(waiting.Ready);
        Assert.Equal("waits for the watch window of hello@v2", waiting.WaitingFor("hello"));
        Assert.IsType<ServiceAction.Idle>(script.Next());

        script.Append(new WatchStarted("hello", "hello-r2", "v2", "{}"));
        Assert.IsType<ServiceAction.Idle>(script.Next());
        script.Append(new WatchPassed("hello", "hello-r2", "v2", "no regression", null));

        var run = Assert.IsType<ServiceAction.RunContracts>(script.Next());
        Assert.Equal(Drop, Assert.Single(run.Contracts).File);

        // A crash before the outcome was journaled: the replayed journal asks for the same contract again.
        var replayed = LifecycleScript.Replay(script.Journal, 3);
        Assert.Equal(run.Contracts, Assert.IsType<ServiceAction.RunContracts>(replayed.Next()).Contracts);

        script.Append(new MigrationApplied("hello", runId, Drop, "contract", "sum-" + Drop, 0.1));
        Assert.Equal(ContractState.Applied, Assert.Single(script.State.Contracts).State);
        Assert.IsType<ServiceAction.Idle>(script.Next());
    }

    [Fact]
    public void The_first_release_has_no_watch_window_so_its_contract_runs_once_it_is_promoted()
    {
        var script = new LifecycleScript();
        Release(script, "v1", Drop);

        script.Step();
        Assert.IsType<ServiceAction.ResumeRollout>(script.Next());
        Assert.Empty(script.State.ReadyContracts());
        script.Step();

        Assert.IsType<ServiceAction.RunContracts>(script.Next());
    }

    [Fact]
    public void A_rolled_back_release_drops_its_contract_and_a_newer_release_that_carries_it_runs_it_after_its_own_watch()
    {
        var script = new LifecycleScript();
        Release(script, "v1");
        script.Bad.Add("v2");
        Release(script, "v2", Drop);
        script.RunToIdle();

        var dropped = Assert.Single(script.State.Contracts);
        Assert.Equal(ContractState.Dropped, dropped.State);
        Assert.DoesNotContain(script.Actions, a => a is ServiceAction.RunContracts);

        var v3 = Release(script, "v3", Drop);
        script.Step();
        script.Step();
        Assert.IsType<ServiceAction.Idle>(script.Next());
        script.Append(new WatchPassed("hello", "hello-r3", "v3", "ok", null));

        var ready = Assert.Single(Assert.IsType<ServiceAction.RunContracts>(script.Next()).Contracts);
        Assert.Equal((v3, "v3"), (ready.RunId, ready.Version));
    }

    [Fact]
    public void A_release_superseded_during_its_watch_leaves_its_contract_to_the_newer_release_that_carries_it()
    {
        var script = new LifecycleScript();
        Release(script, "v1");
        Release(script, "v2", Drop);
        script.Step();
        script.Step();
        script.Append(new WatchStarted("hello", "hello-r2", "v2", "{}"));

        // v3 is built (carrying the same contract) and rolls out before v2's watch passed.
        Release(script, "v3", Drop);
        script.Step();

        Assert.Equal([ContractState.Superseded, ContractState.Waiting], script.State.Contracts.Select(c => c.State));
        script.Append(new WatchPassed("hello", "hello-r2", "v2", "late", null));
        Assert.IsType<ServiceAction.ResumeRollout>(script.Next());
        script.Step();
        Assert.IsType<ServiceAction.Idle>(script.Next());
    }

    [Fact]
    public void An_acknowledged_contract_runs_after_the_promotion_without_the_watch_and_a_failed_one_waits_for_another_acknowledgement()
    {
        var script = new LifecycleScript();
        Release(script, "v1");
        var runId = Release(script, "v2", Drop);
        script.Step();
        script.Step();
        Assert.IsType<ServiceAction.Idle>(script.Next());

        script.Append(new ContractMigrationAcknowledged("hello", runId, Drop, "nothing reads name since v2; no rollback to v1 wanted", "alice"));
        Assert.IsType<ServiceAction.RunContracts>(script.Next());

        script.Append(new ContractMigrationFailed("hello", runId, Drop, "database is locked"));
        var failed = Assert.Single(script.State.Contracts);
        Assert.Equal((ContractState.Failed, "database is locked"), (failed.State, failed.Note));
        Assert.IsType<ServiceAction.Idle>(script.Next());

        script.Append(new ContractMigrationAcknowledged("hello", runId, Drop, "the lock is gone, run it again", "alice"));
        Assert.IsType<ServiceAction.RunContracts>(script.Next());
    }

    /// <summary>Queues and builds <paramref name="version"/>, whose migrate step journals the contracts it carries as waiting.</summary>
    private static string Release(LifecycleScript script, string version, params string[] contracts)
    {
        var runId = script.Push(version);
        script.Append(new PipelineStarted("hello", runId, version));
        if (contracts.Length > 0)
        {
            script.Append(new ContractMigrationsWaiting("hello", runId, version, contracts.Select(c => new PendingContractRecord(c, "sum-" + c, "ALTER TABLE t DROP COLUMN name;")).ToList()));
        }

        script.Append(new PipelineSucceeded("hello", runId, version, "sha256-" + version, 100, "instances: 3"));
        if (version == "v1" && contracts.Length == 0)
        {
            script.RunToIdle();
        }

        return runId;
    }
}
