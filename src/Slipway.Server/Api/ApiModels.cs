namespace Slipway.Server.Api;

// Request and response payloads of the HTTP API (v1). Add fields; never rename or remove one.

public sealed record RegisterServiceRequest(string Name, string Repository, string? Branch, int? FrontDoorPort, double? PollSeconds);

public sealed record DeployRequest(string Commit);

public sealed record QueuedResponse(string Service, string? RunId, string Message);

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
    IReadOnlyList<RunSummary> Runs);

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
    IReadOnlyList<FailedTestView>? FailedTests = null);

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
    BakeView? Bake = null);

/// <summary>
/// A bake under way: the wave (1-based) of how many, the seconds baked of the bake time, and the judge's running numbers;
/// <see cref="Extended"/> when the bake runs past its time, <see cref="Summary"/> saying why.
/// </summary>
public sealed record BakeView(int Wave, int Waves, double ElapsedSeconds, double BakeSeconds, bool Extended, string Summary);

public sealed record TimelineEntry(DateTimeOffset At, string Type, string Text, object Event);

public sealed record RolloutDetail(RolloutSummary Rollout, IReadOnlyList<TimelineEntry> Timeline);
