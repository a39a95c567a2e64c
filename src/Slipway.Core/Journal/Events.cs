using System.Text.Json.Serialization;
using Slipway.Core.Fleet;

namespace Slipway.Core.Journal;

// Events are positional records: the journal stores them as JSON with the type name as discriminator.
// Names are part of the journal's on-disk format: add new ones, never rename.

public sealed record ServiceRegistered(string Service, string Repository, string Branch, int FrontDoorPort, double PollSeconds) : SlipwayEvent(Service);

public sealed record ServicePaused(string Service, string By, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null) : SlipwayEvent(Service);

public sealed record ServiceResumed(string Service, string By, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null) : SlipwayEvent(Service);

/// <summary>
/// The service is no longer watched: its instances were removed just before (<see cref="InstancesRemoved"/>), its
/// front door closes, its runs and rollouts leave the projection. The journal keeps its history; the name is free again.
/// </summary>
public sealed record ServiceRemoved(string Service, string By) : SlipwayEvent(Service);

public sealed record CommitDetected(string Service, string Commit, string Message) : SlipwayEvent(Service);

/// <summary>A run was queued: by a push the watcher saw, a manual deploy of an unbuilt commit, or a restart (trigger <c>resume</c>).</summary>
public sealed record PipelineQueued(string Service, string RunId, string Commit, string Trigger, string? By = null) : SlipwayEvent(Service);

public sealed record PipelineSuperseded(string Service, string RunId, string Commit, string SupersededBy) : SlipwayEvent(Service);

public sealed record PipelineStarted(string Service, string RunId, string Commit) : SlipwayEvent(Service);

public sealed record PipelineStepCompleted(string Service, string RunId, string Step, int ExitCode, double Seconds, bool Succeeded, string LogTail) : SlipwayEvent(Service);

/// <summary>The run built and packaged its commit: this is the release, and also the wish to roll it out.</summary>
public sealed record PipelineSucceeded(string Service, string RunId, string Commit, string ArtifactDigest, long ArtifactBytes, string ConfigYaml) : SlipwayEvent(Service);

/// <summary>
/// A run stopped at <see cref="Step"/>. <see cref="FailedTests"/> (added later, left out when null): the tests that
/// failed, by name, with the first lines of each message, when the step was a test step.
/// </summary>
public sealed record PipelineFailed(
    string Service,
    string RunId,
    string Commit,
    string Step,
    int ExitCode,
    string Message,
    string LogTail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FailedTestRecord>? FailedTests = null) : SlipwayEvent(Service);

/// <summary>One failed test of a failed test step: its name and the first lines of its message.</summary>
public sealed record FailedTestRecord(string Test, string Message);

/// <summary>
/// A person or the system asked to roll out a release that is already built: a manual deploy (trigger <c>manual</c>)
/// or a rollback to the previous release (trigger <c>rollback</c>). It replaces a deploy that has not started yet.
/// </summary>
public sealed record DeployRequested(string Service, string Version, string Trigger, string By, string Reason) : SlipwayEvent(Service);

/// <summary>The pending deploy was dropped without a rollout, and why (already in production, rolled back before …).</summary>
public sealed record DeploySkipped(string Service, string Version, string Trigger, string Reason) : SlipwayEvent(Service);

public sealed record RolloutStarted(
    string Service,
    string RolloutId,
    string Version,
    string ArtifactDigest,
    string? PreviousVersion,
    string? PreviousDigest,
    int Instances,
    IReadOnlyList<int> Waves,
    IReadOnlyList<string> OldInstanceIds,
    string Trigger,
    string ConfigYaml,
    string? PreviousConfigYaml) : SlipwayEvent(Service);

/// <summary>A wave's new instances, and the fresh old-version instances started beside them as the judge's baseline.</summary>
public sealed record WaveStarted(string Service, string RolloutId, int Wave, IReadOnlyList<string> InstanceIds, IReadOnlyList<string>? BaselineInstanceIds = null) : SlipwayEvent(Service);

public sealed record SelfTestPassed(string Service, string RolloutId, string InstanceId, int StatusCode, double Seconds, string Body) : SlipwayEvent(Service);

/// <summary>
/// A self-test failed. <see cref="Output"/> (added later, left out when null): the last lines the instance wrote to
/// stdout and stderr before it crashed, bounded and masked, so that the exception is in the evidence.
/// </summary>
public sealed record SelfTestFailed(
    string Service,
    string RolloutId,
    string InstanceId,
    int? StatusCode,
    double Seconds,
    string Reason,
    string Body,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Output = null) : SlipwayEvent(Service);

public sealed record WaveBaked(string Service, string RolloutId, int Wave, string Verdict, string Summary, string? EvidenceJson) : SlipwayEvent(Service);

public sealed record WaveCompleted(string Service, string RolloutId, int Wave, IReadOnlyList<string> RetiredInstanceIds, IReadOnlyList<string>? RemovedBaselineIds = null) : SlipwayEvent(Service);

public sealed record RolloutPromoted(string Service, string RolloutId, string Version) : SlipwayEvent(Service);

public sealed record RollbackRequested(string Service, string RolloutId, string Reason, string Summary, string? EvidenceJson) : SlipwayEvent(Service);

public sealed record RollbackStarted(string Service, string RolloutId, string Reason, IReadOnlyList<string> ReplacementInstanceIds) : SlipwayEvent(Service);

public sealed record RolloutRolledBack(string Service, string RolloutId, string Version, string Reason) : SlipwayEvent(Service);

/// <summary>New instances the agents should run. They take no traffic until routed.</summary>
public sealed record InstancesAdded(string Service, IReadOnlyList<InstanceSpec> Instances) : SlipwayEvent(Service);

/// <summary>The front door may send traffic to these instances.</summary>
public sealed record InstancesRouted(string Service, IReadOnlyList<string> InstanceIds) : SlipwayEvent(Service);

/// <summary>The front door stops sending new requests to these instances.</summary>
public sealed record InstancesUnrouted(string Service, IReadOnlyList<string> InstanceIds) : SlipwayEvent(Service);

/// <summary>The agents stop these instances (gracefully, then by force).</summary>
public sealed record InstancesRemoved(string Service, IReadOnlyList<string> InstanceIds) : SlipwayEvent(Service);

/// <summary>
/// The watch window after promotion began. <paramref name="ReferenceJson"/> is the previous release's behaviour at the
/// last bake (a <c>GroupSnapshot</c>), journaled so that a restarted server can watch on against the same reference.
/// </summary>
public sealed record WatchStarted(string Service, string RolloutId, string Version, string ReferenceJson) : SlipwayEvent(Service);

/// <summary>The watch window after promotion ended well: the release behaved like the one before it.</summary>
public sealed record WatchPassed(string Service, string RolloutId, string Version, string Summary, string? EvidenceJson) : SlipwayEvent(Service);

/// <summary>The watch window after promotion found a regression: this is also the wish to redeploy the previous release.</summary>
public sealed record WatchFailed(string Service, string RolloutId, string Version, string Summary, string? EvidenceJson) : SlipwayEvent(Service);

/// <summary>
/// Live progress of one test shard, e.g. "shard 2/2: 41/87 passed (seed 1234)". Journaled at a low rate: when the shard
/// starts, at most every few seconds while it runs, and when it ends.
/// </summary>
public sealed record TestProgressReported(
    string Service, string RunId, string Assembly, int Shard, int ShardCount, int Completed, int Total, int Passed, int Failed, int Seed) : SlipwayEvent(Service);

/// <summary>
/// What the test stage found for one pipeline run: the seed, the shards and the order each ran (bounded), every test's
/// outcome and duration (bounded, failures first), the triage of each failure, and the tests that are quarantined.
/// </summary>
public sealed record TestStageCompleted(
    string Service,
    string RunId,
    string Commit,
    int Seed,
    int ShardCount,
    string Outcome,
    bool Blocks,
    int Total,
    int Passed,
    int Failed,
    IReadOnlyList<TestShardRecord> Shards,
    IReadOnlyList<TestResultRecord> Tests,
    IReadOnlyList<TestTriageRecord> Triage,
    IReadOnlyList<string> Quarantined,
    IReadOnlyList<string> Warnings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TestFailFastRecord? FailFast = null) : SlipwayEvent(Service);

/// <summary>
/// What the fail-fast order did in a test run (added after version 1; absent in older records): the recently failed
/// tests moved to the front (with the seed they replay the order; bounded), the test projects the commit touched (run
/// first), the first failure's position in the run's order and in the plain seeded order, how many tests had finished
/// and how many seconds had passed when it was reported, and the real failure that stopped the other shards.
/// </summary>
public sealed record TestFailFastRecord(
    IReadOnlyList<string> FailFirst,
    IReadOnlyList<string> TouchedProjects,
    int TotalTests,
    string? FirstFailure,
    int? RunPosition,
    int? SeedPosition,
    int? FinishedAtFirstFailure,
    double? FirstFailureSeconds,
    string? StoppedBy,
    int StoppedShards,
    string? Summary);

/// <summary>One shard of a test run: the order it really ran (at most a bounded number of names; <paramref name="OrderCount"/> is the full length).</summary>
public sealed record TestShardRecord(string Assembly, int Number, IReadOnlyList<string> Order, int OrderCount, bool TimedOut, string? RunningAtTimeout, double Seconds);

/// <summary>One test method's outcome (passed, failed, skipped, timed_out, not_run) and duration in a test run.</summary>
public sealed record TestResultRecord(string Assembly, string Test, string Outcome, double Seconds, int Shard);

/// <summary>The verdict on one failed test: real, order_dependent (with its polluters), flaky or hang, with the evidence and a repro command.</summary>
public sealed record TestTriageRecord(
    string Test, string Kind, IReadOnlyList<string> Polluters, int TriageRuns, int BisectionRuns, double FlakeRate, string Explanation, string? Repro);

/// <summary>A person took a quarantined test out of quarantine: its failures block releases again.</summary>
public sealed record TestReleasedFromQuarantine(string Service, string Test, string By) : SlipwayEvent(Service);

// Flags (docs/flags.md). A flag's definition travels as flagd JSON text, so the journal keeps exactly what was set.

/// <summary>One flag before and after a change: flagd JSON text, null when the flag did not exist (before) or was deleted (after).</summary>
public sealed record FlagEdit(string Key, string? Before, string? After);

/// <summary>
/// Flags of one service and environment changed together: the audit entry (who, what, before and after) and the
/// next version of that flag set's stream. <paramref name="SharedBefore"/>/<paramref name="SharedAfter"/> hold the
/// document's <c>$evaluators</c> and <c>metadata</c> as <c>{"$evaluators":{...},"metadata":{...}}</c> when those changed.
/// </summary>
public sealed record FlagsChanged(
    string Service,
    string Environment,
    string Action,
    string By,
    IReadOnlyList<FlagEdit> Flags,
    string? SharedBefore = null,
    string? SharedAfter = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null) : SlipwayEvent(Service);

/// <summary>The config step found the flagd file that slipway.yml names under <c>flags:</c>, valid; its text as committed.</summary>
public sealed record ReleaseFlagsDeclared(string Service, string RunId, string Commit, string Path, string Document) : SlipwayEvent(Service);

/// <summary>A promoted release's declared flags were reconciled: the missing ones were created (never overwriting runtime changes).</summary>
public sealed record ReleaseFlagsApplied(string Service, string Environment, string Version, IReadOnlyList<string> Created) : SlipwayEvent(Service);

/// <summary>A user was served a variant (deduplicated per batch).</summary>
public sealed record FlagExposure(string FlagKey, string Variant, string TargetingKey);

/// <summary>A user reached a goal (<c>FlagClient.Track</c>).</summary>
public sealed record FlagGoal(string Name, string TargetingKey, double? Value);

/// <summary>A batch of exposures and goal events from an SDK (<c>POST /api/flags/v1/events</c>), feeding experiment results.</summary>
public sealed record FlagEventsReceived(string Service, string Environment, IReadOnlyList<FlagExposure> Exposures, IReadOnlyList<FlagGoal> Goals, long Dropped) : SlipwayEvent(Service);

/// <summary>
/// A secret of the service was set or replaced. Only its ciphertext (ASP.NET Core Data Protection, key ring in the
/// server's <c>keys/</c> folder) is journaled, never the value.
/// </summary>
public sealed record SecretSet(string Service, string Name, string Ciphertext, string By) : SlipwayEvent(Service);

public sealed record SecretRemoved(string Service, string Name, string By) : SlipwayEvent(Service);

/// <summary>A goal a guarded flag rollout watches: goals reached per request must not drop by more than <see cref="MaxDrop"/> (relative, 0.02 = 2%).</summary>
public sealed record GuardedGoal(string Name, double MaxDrop);

/// <summary>
/// A guarded rollout of a flag began: the variant goes to each percentage of <see cref="Steps"/> in turn, and moves on
/// only when the cohort judge promotes the step. <see cref="FlagBefore"/> is the flag's definition before it (its last
/// safe state before the first step).
/// </summary>
public sealed record GuardedRolloutStarted(
    string Service,
    string Environment,
    string Key,
    string Variant,
    IReadOnlyList<int> Steps,
    double MinStepSeconds,
    IReadOnlyList<GuardedGoal> Goals,
    string FlagBefore,
    string By) : SlipwayEvent(Service);

/// <summary>A guarded rollout's step (numbered from 0) set the flag to its percentage; the judge watches it from now.</summary>
public sealed record GuardedStepStarted(string Service, string Environment, string Key, int Step, int Percent) : SlipwayEvent(Service);

/// <summary>
/// The cohort judge's verdict on a step (<c>promote</c> or <c>rollback</c>), its one-line summary, and the evidence of
/// every check as JSON, like a wave's <see cref="WaveBaked"/>.
/// </summary>
public sealed record GuardedStepJudged(string Service, string Environment, string Key, int Step, int Percent, string Verdict, string Summary, string? EvidenceJson) : SlipwayEvent(Service);

/// <summary>
/// A guarded rollout ended: <c>completed</c> (the last step is set), <c>rolled_back</c> (the flag is back at its last
/// safe state) or <c>stopped</c> (held where it was for a person). <see cref="Summary"/> is the line status shows.
/// </summary>
public sealed record GuardedRolloutEnded(string Service, string Environment, string Key, string Outcome, int AtPercent, string Summary) : SlipwayEvent(Service);
