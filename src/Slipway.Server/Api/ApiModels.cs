namespace Slipway.Server.Api;

// Request and response payloads of the HTTP API (v1). Add fields; never rename or remove one.

public sealed record RegisterServiceRequest(string Name, string Repository, string? Branch, int? FrontDoorPort, double? PollSeconds);

public sealed record DeployRequest(string Commit, string? Reason = null);

/// <summary>What a verb started: the run (<c>hello-5</c>), the rollout (<c>hello-r6</c>), or both, and one line saying so.</summary>
public sealed record QueuedResponse(string Service, string? RunId, string Message, string? RolloutId = null);

public sealed record ServiceSummary(
    string Name,
    string Repository,
    string Branch,
    string FrontDoor,
    bool Paused,
    string? ProductionVersion,
    int Instances,
    IReadOnlyDictionary<string, int> InstancesByVersion,
    string? ActiveRollout,
    IReadOnlyList<string> RolledBackVersions,
    string? Problem = null);

public sealed record ServiceStatus(
    ServiceSummary Service,
    IReadOnlyList<InstanceView> Fleet,
    IReadOnlyList<RolloutSummary> Rollouts,
    IReadOnlyList<RunSummary> Runs,
    IReadOnlyList<ContractView>? Contracts = null,
    BakeProgressView? Bake = null,
    IReadOnlyList<Slipway.Server.Flags.GuardedRolloutView>? Flags = null);

/// <summary>
/// The judged bake under way: how long it has run, the declared bake and its limit (bake + max extension), the time left
/// before the not-enough-data policy applies, each check still waiting for data with its counts against the minimum,
/// and the judge's latest line.
/// </summary>
public sealed record BakeProgressView(
    string RolloutId,
    int Wave,
    string State,
    double ElapsedSeconds,
    double BakeSeconds,
    double LimitSeconds,
    double SecondsLeft,
    string NotEnoughDataPolicy,
    IReadOnlyList<BakeCheckProgress> Waiting,
    string Line);

/// <summary>A check short of data: the new and old counts so far and the minimum each side (or both together, for events) needs.</summary>
public sealed record BakeCheckProgress(string Check, double New, double Old, double Minimum, string Unit, string Reason);

/// <summary>One instance. <see cref="Output"/>: the last lines it wrote before it last exited (bounded, masked), if it did.</summary>
public sealed record InstanceView(string Id, string Version, string Host, bool Routed, string State, int? Port, int? Pid, int Restarts, int? LastExitCode = null, string? Output = null);

/// <summary>
/// One pipeline run. <see cref="CurrentStep"/>: while it runs, the step under way (checkout, config, build, test,
/// package). <see cref="FailedTests"/>: when a test step failed, the failing tests by name with the first lines of each message.
/// </summary>
public sealed record RunSummary(
    string RunId,
    string Commit,
    string Trigger,
    string Status,
    string? FailedStep,
    string? Message,
    string? ArtifactDigest,
    double? Seconds,
    string? CurrentStep = null,
    IReadOnlyList<FailedTestView>? FailedTests = null,
    double? QueuedSeconds = null);

public sealed record FailedTestView(string Test, string Message);

public sealed record StepView(string Step, bool Succeeded, int ExitCode, double Seconds, string LogTail);

public sealed record RunDetail(RunSummary Run, IReadOnlyList<StepView> Steps, string? LogTail);

public sealed record RolloutSummary(
    string RolloutId,
    string Version,
    string? PreviousVersion,
    string Trigger,
    string Outcome,
    string? Reason,
    string? Summary,
    IReadOnlyList<int> Waves,
    int Instances,
    int CurrentWave,
    double? Seconds,
    string? CurrentStep = null,
    string? Output = null,
    BakeView? Bake = null,
    double? WaitingForDataSeconds = null);

/// <summary>
/// A bake under way: the wave (1-based) of how many, the seconds baked of the bake time, and the judge's running numbers;
/// <see cref="Extended"/> when the bake runs past its time, <see cref="Summary"/> saying why.
/// </summary>
public sealed record BakeView(int Wave, int Waves, double ElapsedSeconds, double BakeSeconds, bool Extended, string Summary);

/// <summary>One line of a service's history: a release built, a run, or a rollout (docs/glossary.md has the words).</summary>
/// <param name="Kind">release, run or rollout.</param>
/// <param name="Id">hello@1a2b3c4, hello-5 or hello-r6.</param>
/// <param name="Status">A release state, run status or rollout outcome.</param>
public sealed record HistoryEntry(DateTimeOffset At, string Kind, string Id, string Version, string? Trigger, string Status, string? By, string? Detail);

/// <summary>A service's releases, runs and rollouts, newest first.</summary>
public sealed record ServiceHistory(string Service, IReadOnlyList<HistoryEntry> Entries);

public sealed record TimelineEntry(DateTimeOffset At, string Type, string Text, object Event);

public sealed record RolloutDetail(RolloutSummary Rollout, IReadOnlyList<TimelineEntry> Timeline);

public sealed record WhoAmIResponse(string Name, string Scope, bool CanDeploy, bool CanAdmin);

/// <summary>One journal event as the console's history shows it: who, what and why.</summary>
public sealed record JournalEntry(long Sequence, DateTimeOffset At, string Type, string Service, string Text, string? By, string? Why, string? Subject);

public sealed record JournalEntriesResponse(IReadOnlyList<JournalEntry> Entries, long? Before);

/// <summary>An optional body for rollback, pause and resume: why, which the journal keeps.</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>A run's test stage: seed, shards, the tests that did not pass (at most 200), the slowest ten, the triage verdicts; and live shard progress while it runs.</summary>
public sealed record RunTestsView(string RunId, TestStageView? Stage, IReadOnlyList<Slipway.Core.Journal.TestProgressReported> Live);

public sealed record TestStageView(
    int Seed,
    int ShardCount,
    string Outcome,
    bool Blocks,
    int Total,
    int Passed,
    int Failed,
    IReadOnlyList<Slipway.Core.Journal.TestResultRecord> NotPassed,
    IReadOnlyList<Slipway.Core.Journal.TestResultRecord> Slowest,
    IReadOnlyList<Slipway.Core.Journal.TestTriageRecord> Triage,
    IReadOnlyList<string> Quarantined,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<TestShardView> Shards,
    Slipway.Core.Journal.TestFailFastRecord? FailFast = null);

public sealed record TestShardView(string Assembly, int Number, int Tests, bool TimedOut, string? RunningAtTimeout, double Seconds);

/// <summary>
/// A contract migration of a release and where it is: <c>waiting</c> (for the release's promotion and watch window),
/// <c>applied</c>, <c>failed</c>, <c>superseded</c> or <c>dropped</c>; <see cref="WaitingFor"/> says it in words.
/// </summary>
public sealed record ContractView(string File, string Version, string RunId, string State, bool Ready, string WaitingFor, string? AcknowledgedBy = null, string? AcknowledgedReason = null);

/// <summary>Lets a waiting contract migration run before its watch window passed, or again after it failed; the reason is journaled.</summary>
public sealed record AcknowledgeContractRequest(string? File, string? Reason, string? RunId = null);
