using System.Collections.Frozen;
using Slipway.Core.Journal;

namespace Slipway.Server.Journal;

/// <summary>
/// The journal's on-disk names of the events: the record's type column. This table is the format, not the C# type
/// names: renaming a record keeps its entry here, and a name is never reused. Add new events at the end.
/// test/Slipway.Server.Tests/Journal/JournalFormatTests replays a journal written by an earlier version.
/// </summary>
internal static class EventTypes
{
    private static readonly (string Name, Type Type)[] Table =
    [
        ("ServiceRegistered", typeof(ServiceRegistered)),
        ("ServicePaused", typeof(ServicePaused)),
        ("ServiceResumed", typeof(ServiceResumed)),
        ("CommitDetected", typeof(CommitDetected)),
        ("PipelineQueued", typeof(PipelineQueued)),
        ("PipelineSuperseded", typeof(PipelineSuperseded)),
        ("PipelineStarted", typeof(PipelineStarted)),
        ("PipelineStepCompleted", typeof(PipelineStepCompleted)),
        ("PipelineSucceeded", typeof(PipelineSucceeded)),
        ("PipelineFailed", typeof(PipelineFailed)),
        ("RolloutStarted", typeof(RolloutStarted)),
        ("WaveStarted", typeof(WaveStarted)),
        ("SelfTestPassed", typeof(SelfTestPassed)),
        ("SelfTestFailed", typeof(SelfTestFailed)),
        ("WaveBaked", typeof(WaveBaked)),
        ("WaveCompleted", typeof(WaveCompleted)),
        ("RolloutPromoted", typeof(RolloutPromoted)),
        ("RollbackRequested", typeof(RollbackRequested)),
        ("RollbackStarted", typeof(RollbackStarted)),
        ("RolloutRolledBack", typeof(RolloutRolledBack)),
        ("InstancesAdded", typeof(InstancesAdded)),
        ("InstancesRouted", typeof(InstancesRouted)),
        ("InstancesUnrouted", typeof(InstancesUnrouted)),
        ("InstancesRemoved", typeof(InstancesRemoved)),
        ("WatchStarted", typeof(WatchStarted)),
        ("WatchPassed", typeof(WatchPassed)),
        ("WatchFailed", typeof(WatchFailed)),
        ("TestProgressReported", typeof(TestProgressReported)),
        ("TestStageCompleted", typeof(TestStageCompleted)),
        ("TestReleasedFromQuarantine", typeof(TestReleasedFromQuarantine)),
        ("FlagsChanged", typeof(FlagsChanged)),
        ("ReleaseFlagsDeclared", typeof(ReleaseFlagsDeclared)),
        ("ReleaseFlagsApplied", typeof(ReleaseFlagsApplied)),
        ("FlagEventsReceived", typeof(FlagEventsReceived)),
        ("DeployRequested", typeof(DeployRequested)),
        ("DeploySkipped", typeof(DeploySkipped)),
        ("SecretSet", typeof(SecretSet)),
        ("SecretRemoved", typeof(SecretRemoved)),
        ("ServiceRemoved", typeof(ServiceRemoved)),
        ("MigrationGateChecked", typeof(MigrationGateChecked)),
        ("MigrationApplied", typeof(MigrationApplied)),
        ("ContractMigrationsWaiting", typeof(ContractMigrationsWaiting)),
        ("ContractMigrationFailed", typeof(ContractMigrationFailed)),
        ("ContractMigrationAcknowledged", typeof(ContractMigrationAcknowledged)),
        ("GuardedRolloutStarted", typeof(GuardedRolloutStarted)),
        ("GuardedStepStarted", typeof(GuardedStepStarted)),
        ("GuardedStepJudged", typeof(GuardedStepJudged)),
        ("GuardedRolloutEnded", typeof(GuardedRolloutEnded)),
    ];

    public static readonly FrozenDictionary<string, Type> ByName = Table.ToFrozenDictionary(e => e.Name, e => e.Type, StringComparer.Ordinal);

    public static readonly FrozenDictionary<Type, string> ByType = Table.ToFrozenDictionary(e => e.Type, e => e.Name);

    public static string NameOf(SlipwayEvent e) =>
        ByType.TryGetValue(e.GetType(), out var name)
            ? name
            : throw new InvalidOperationException($"{e.GetType().Name} has no journal name: add it to {nameof(EventTypes)}.");
}
