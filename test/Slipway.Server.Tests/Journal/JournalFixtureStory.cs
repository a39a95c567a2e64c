using Slipway.Core.Fleet;
using Slipway.Core.Journal;

namespace Slipway.Server.Tests.Journal;

/// <summary>
/// The story behind Fixtures/journal-v1.jsonl: one of every event the journal held when the format was pinned, as the
/// server writes them. The fixture was written from this once (SLIPWAY_WRITE_JOURNAL_FIXTURE=Fixtures/journal-v1.jsonl)
/// and is never rewritten: a later version adds journal-v2.jsonl for its new events.
/// </summary>
internal static class JournalFixtureStory
{
    private const string V1 = "350faf2a1b2c3d4e5f60718293a4b5c6d7e8f901";
    private const string V2 = "95e42b1a1b2c3d4e5f60718293a4b5c6d7e8f902";
    private const string Yaml = "build: dotnet publish -o out\nartifact: out\nrun: dotnet Hello.dll --urls http://127.0.0.1:$PORT\ninstances: 2\nwaves: exponential\nbake: 3s\n";

    public static IReadOnlyList<SlipwayEvent> Events()
    {
        var env = new Dictionary<string, string> { ["Greeting__Text"] = "Hello" };
        InstanceSpec Spec(string id, string version) => new(id, "hello", version, "sha256:" + version[..8], "local", "dotnet Hello.dll --urls http://127.0.0.1:$PORT", env, 3);
        return
        [
            new ServiceRegistered("hello", "/srv/repos/hello", "main", 7480, 5),
            new CommitDetected("hello", V1, "v1: the sample as it is"),
            new PipelineQueued("hello", "hello-1", V1, "push", "push"),
            new PipelineStarted("hello", "hello-1", V1),
            new PipelineStepCompleted("hello", "hello-1", "checkout", 0, 0.2, true, $"checked out {V1}"),
            new TestProgressReported("hello", "hello-1", "Hello.Tests", 1, 2, 4, 8, 4, 0, 1234),
            new TestStageCompleted(
                "hello", "hello-1", V1, 1234, 2, "passed", false, 8, 8, 0,
                [new TestShardRecord("Hello.Tests", 1, ["Hello.Tests.GreetingTests.Greets"], 1, false, null, 1.5)],
                [new TestResultRecord("Hello.Tests", "Hello.Tests.GreetingTests.Greets", "passed", 0.01, 1)],
                [],
                [],
                []),
            new PipelineStepCompleted("hello", "hello-1", "build", 0, 12.5, true, "Build succeeded."),
            new ReleaseFlagsDeclared("hello", "hello-1", V1, "flags.json", """{"flags":{"new-greeting":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}}}"""),
            new PipelineSucceeded("hello", "hello-1", V1, "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", 123_456, Yaml),
            new RolloutStarted("hello", "hello-r1", V1, "ab12cd34", null, null, 2, [1, 1], [], "push", Yaml, null),
            new WaveStarted("hello", "hello-r1", 0, ["hello-r1-1"], []),
            new InstancesAdded("hello", [Spec("hello-r1-1", V1)]),
            new SelfTestPassed("hello", "hello-r1", "hello-r1-1", 200, 1.2, """{"status":"pass"}"""),
            new InstancesRouted("hello", ["hello-r1-1"]),
            new WaveBaked("hello", "hello-r1", 0, "promote", "no old version to compare with", null),
            new WaveCompleted("hello", "hello-r1", 0, [], []),
            new WaveStarted("hello", "hello-r1", 1, ["hello-r1-2"]),
            new InstancesAdded("hello", [Spec("hello-r1-2", V1)]),
            new SelfTestPassed("hello", "hello-r1", "hello-r1-2", 200, 1.1, """{"status":"pass"}"""),
            new InstancesRouted("hello", ["hello-r1-2"]),
            new WaveBaked("hello", "hello-r1", 1, "promote", "no old version to compare with", null),
            new WaveCompleted("hello", "hello-r1", 1, []),
            new RolloutPromoted("hello", "hello-r1", V1),
            new ReleaseFlagsApplied("hello", "production", V1, ["new-greeting"]),
            new WatchStarted("hello", "hello-r1", V1, "{}"),
            new WatchPassed("hello", "hello-r1", V1, "no previous release", null),
            new FlagsChanged("hello", "production", "rollout", "alice", [new FlagEdit("new-greeting", """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""", """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off","targeting":{"fractional":[["on",10],["off",90]]}}""")]),
            new FlagEventsReceived("hello", "production", [new FlagExposure("new-greeting", "on", "user-1")], [new FlagGoal("checkout", "user-1", 12.5)], 0),
            new CommitDetected("hello", V2, "v2: reads a renamed setting"),
            new PipelineQueued("hello", "hello-2", V2, "push", "push"),
            new PipelineQueued("hello", "hello-3", V2, "manual", "alice"),
            new PipelineSuperseded("hello", "hello-2", V2, V2),
            new PipelineStarted("hello", "hello-3", V2),
            new PipelineSucceeded("hello", "hello-3", V2, "cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34", 123_789, Yaml),
            new RolloutStarted("hello", "hello-r2", V2, "cd34ef56", V1, "ab12cd34", 2, [1, 1], ["hello-r1-1", "hello-r1-2"], "manual", Yaml, Yaml),
            new WaveStarted("hello", "hello-r2", 0, ["hello-r2-1"], ["hello-r2-b1"]),
            new InstancesAdded("hello", [Spec("hello-r2-1", V2), Spec("hello-r2-b1", V1)]),
            new SelfTestFailed("hello", "hello-r2", "hello-r2-1", 503, 1.4, "/selftest answered 503", """{"status":"fail"}"""),
            new RollbackRequested("hello", "hello-r2", "selftest", "self-test failed on hello-r2-1: /selftest answered 503", null),
            new RollbackStarted("hello", "hello-r2", "selftest", []),
            new InstancesUnrouted("hello", ["hello-r2-1"]),
            new InstancesRemoved("hello", ["hello-r2-1", "hello-r2-b1"]),
            new RolloutRolledBack("hello", "hello-r2", V2, "selftest"),
            new TestReleasedFromQuarantine("hello", "Hello.Tests.GreetingTests.Flaky", "alice"),
            new ServicePaused("hello", "alice"),
            new ServiceResumed("hello", "alice"),
            new PipelineQueued("hello", "hello-4", V2, "push", "push"),
            new PipelineStarted("hello", "hello-4", V2),
            new PipelineFailed("hello", "hello-4", V2, "build", 1, "build failed with exit code 1: dotnet publish -o out", "error CS1002: ; expected"),
            new DeployRequested("hello", V2, "manual", "alice", "deploy requested by alice"),
            new DeploySkipped("hello", V2, "manual", "95e42b1 was rolled back before"),
            new WatchFailed("hello", "hello-r1", V1, "error ratio 5.0% vs 0.1%", """{"checks":[]}"""),
        ];
    }

    /// <summary>
    /// The story behind Fixtures/journal-v2-secrets.jsonl: the secrets events. A ciphertext is opaque to the journal,
    /// so the fixture holds stand-ins; the format test never decrypts them.
    /// </summary>
    public static IReadOnlyList<SlipwayEvent> SecretsEvents() =>
    [
        new ServiceRegistered("hello", "/srv/repos/hello", "main", 7480, 5),
        new SecretSet("hello", "API_TOKEN", "CfDJ8-stand-in-for-a-data-protection-ciphertext-1", "cli:root"),
        new SecretSet("hello", "DB_PASSWORD", "CfDJ8-stand-in-for-a-data-protection-ciphertext-2", "api"),
        new SecretRemoved("hello", "DB_PASSWORD", "cli:root"),
    ];

    /// <summary>The story behind Fixtures/journal-v3-migrations.jsonl: the migrate step's gate, an applied expand, a waiting contract.</summary>
    public static IReadOnlyList<SlipwayEvent> MigrationsEvents() =>
    [
        new ServiceRegistered("todo", "/srv/repos/todo", "main", 7490, 5),
        new PipelineStarted("todo", "todo-1", V1),
        new MigrationGateChecked("todo", "todo-1", V1, ["001_add_full_name.sql", "contract/002_drop_name.sql"],
            [new MigrationFindingRecord("index-without-concurrently", "001_add_full_name.sql", 3, "index todos_done on existing table todos is built without CONCURRENTLY", "CREATE INDEX CONCURRENTLY", "rule", "the table has 12 rows")],
            false, 0.42),
        new MigrationApplied("todo", "todo-1", "001_add_full_name.sql", "expand", "5d41402abc4b2a76b9719d911017c592", 0.05),
        new ContractMigrationsWaiting("todo", "todo-1", V1, [new PendingContractRecord("contract/002_drop_name.sql", "7d793037a0760186574b0282f2f435e7", "ALTER TABLE todos DROP COLUMN name;\n")]),
        new ContractMigrationFailed("todo", "todo-1", "contract/002_drop_name.sql", "cannot reach the PostgreSQL database 'todo' at db:5432: connection refused"),
    ];

    /// <summary>
    /// The story behind Fixtures/journal-v4-contracts.jsonl: a contract that waited for its release, was acknowledged
    /// by a person after the promotion (before the watch window passed), and ran.
    /// </summary>
    public static IReadOnlyList<SlipwayEvent> ContractsEvents() =>
    [
        new ServiceRegistered("todo", "/srv/repos/todo", "main", 7490, 5),
        new PipelineQueued("todo", "todo-1", V1, "push", "push"),
        new PipelineStarted("todo", "todo-1", V1),
        new ContractMigrationsWaiting("todo", "todo-1", V1, [new PendingContractRecord("contract/002_drop_name.sql", "7d793037a0760186574b0282f2f435e7", "ALTER TABLE todos DROP COLUMN name;\n")]),
        new PipelineSucceeded("todo", "todo-1", V1, "b3f1c2d4e5a6978877665544332211aabbccddeeff00112233445566778899", 2048, "build: [make]\nartifact: out\nrun: ./app\n"),
        new RolloutStarted("todo", "todo-r1", V1, "b3f1c2d4e5a6978877665544332211aabbccddeeff00112233445566778899", null, null, 1, [1], [], "push", "build: [make]\nartifact: out\nrun: ./app\n", null),
        new RolloutPromoted("todo", "todo-r1", V1),
        new ContractMigrationAcknowledged("todo", "todo-1", "contract/002_drop_name.sql", "nothing reads todos.name since this release", "token:alice"),
        new MigrationApplied("todo", "todo-1", "contract/002_drop_name.sql", "contract", "7d793037a0760186574b0282f2f435e7", 0.02),
    ];

    /// <summary>The story behind Fixtures/journal-v5-guarded.jsonl: a guarded flag rollout whose second step is rolled back.</summary>
    public static IReadOnlyList<SlipwayEvent> GuardedEvents()
    {
        const string before = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""";
        const string at1 = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off","targeting":{"fractional":[["on",1],["off",99]]}}""";
        const string at5 = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off","targeting":{"fractional":[["on",5],["off",95]]}}""";
        const string line = "error ratio 4.9% vs 0.2% (+4.7 pp > 1 pp), over the limit and significant, p<0.001 after 12.0 s, 1,310 vs 3,920 requests";
        return
        [
            new FlagsChanged("hello", "production", "create", "alice", [new FlagEdit("new-checkout", null, before)]),
            new GuardedRolloutStarted("hello", "production", "new-checkout", "on", [1, 5, 25], 30, [new GuardedGoal("checkout", 0.02)], before, "token:alice"),
            new FlagsChanged("hello", "production", "rollout", "immune system", [new FlagEdit("new-checkout", before, at1)], Reason: "guarded rollout step 1 of 3"),
            new GuardedStepStarted("hello", "production", "new-checkout", 0, 1),
            new GuardedStepJudged("hello", "production", "new-checkout", 0, 1, "promote", "promoted: error ratio 0.2% vs 0.2% (+0.0 pp, limit 1 pp), within limits, p=1 after 30.0 s, 420 vs 41,580 requests", """{"decision":"promote"}"""),
            new FlagsChanged("hello", "production", "rollout", "immune system", [new FlagEdit("new-checkout", at1, at5)], Reason: "guarded rollout step 2 of 3"),
            new GuardedStepStarted("hello", "production", "new-checkout", 1, 5),
            new GuardedStepJudged("hello", "production", "new-checkout", 1, 5, "rollback", "rolled back: " + line, """{"decision":"rollback"}"""),
            new FlagsChanged("hello", "production", "rollout", "immune system", [new FlagEdit("new-checkout", at5, at1)], Reason: "guarded rollout rolled back at 5%"),
            new GuardedRolloutEnded("hello", "production", "new-checkout", "rolled_back", 5, "flag new-checkout rolled back at 5%: " + line),
        ];
    }
}
