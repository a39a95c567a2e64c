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
    IReadOnlyList<RunSummary> Runs,
    BakeProgressView? Bake = null);

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

public sealed record InstanceView(string Id, string Version, string Host, bool Routed, string State, int? Port, int? Pid, int Restarts);

public sealed record RunSummary(string RunId, string Commit, string Trigger, string Status, string? FailedStep, string? Message, string? ArtifactDigest, double? Seconds);

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
    double? Seconds);

public sealed record TimelineEntry(DateTimeOffset At, string Type, string Text, object Event);

public sealed record RolloutDetail(RolloutSummary Rollout, IReadOnlyList<TimelineEntry> Timeline);
